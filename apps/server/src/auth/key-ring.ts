// Every API key in memory, loaded once from the control store and changed only through
// it, so authenticating a request never touches the disk. Writes go to the store first:
// a key exists (or is revoked) once that is durable.
import type { NewApiKey } from '@flashlight/api';
import type { AuditEntry, ControlStore, StoredApiKey } from '../control/control-store.ts';
import { generateKeyText, keyIdOf, keyTextMatches } from './api-key-text.ts';

/** A key as lists show it: everything but the hash. */
export type ApiKeyView = Omit<StoredApiKey, 'secretHash'>;

export type Authentication = { ok: true; key: StoredApiKey } | { ok: false; reason: string };

export class KeyRing {
  private readonly byId = new Map<string, StoredApiKey>();
  /** Kept as keys change: a server beyond loopback starts only with an active key. */
  private active = 0;
  private readonly revoking = new Map<string, Promise<ApiKeyView>>();

  private constructor(private readonly control: ControlStore) {}

  static async load(control: ControlStore): Promise<KeyRing> {
    const ring = new KeyRing(control);
    for (const key of await control.keys()) {
      ring.byId.set(key.id, key);
      if (!key.revokedAt) ring.active++;
    }
    return ring;
  }

  get hasActiveKeys(): boolean {
    return this.active > 0;
  }

  /** Whether any key was ever created here, revoked ones included: open mode ends for good with the first. */
  get everHadKeys(): boolean {
    return this.byId.size > 0;
  }

  authenticate(text: string): Authentication {
    const id = keyIdOf(text);
    const key = id === null ? undefined : this.byId.get(id);
    if (!key || !keyTextMatches(text, key.secretHash)) return { ok: false, reason: 'the API key is not valid' };
    if (key.revokedAt) return { ok: false, reason: `the API key ${key.id} was revoked` };
    return { ok: true, key };
  }

  /** Creates a key; its text is returned here and never again. */
  async create(input: NewApiKey, actor: string): Promise<{ key: ApiKeyView; text: string }> {
    const { id, text, secretHash } = generateKeyText();
    const key: StoredApiKey = { id, ...input, secretHash, createdAt: new Date(), createdBy: actor, revokedAt: null };
    await this.control.insertKey(key, audit(key, actor, 'key.create', key.createdAt));
    this.byId.set(id, key);
    this.active++;
    return { key: view(key), text };
  }

  /** Revokes the key; null when there is no such key. Revoking twice changes nothing. */
  async revoke(id: string, actor: string): Promise<ApiKeyView | null> {
    const key = this.byId.get(id);
    if (!key) return null;
    if (key.revokedAt) return view(key);
    // Two revocations at once share one write, one audit entry and one count.
    let revoking = this.revoking.get(id);
    if (!revoking) {
      const at = new Date();
      revoking = this.control
        .revokeKey(id, at, audit(key, actor, 'key.revoke', at))
        .then(() => {
          const revoked = { ...key, revokedAt: at };
          this.byId.set(id, revoked);
          this.active--;
          return view(revoked);
        })
        .finally(() => this.revoking.delete(id));
      this.revoking.set(id, revoking);
    }
    return revoking;
  }

  find(id: string): ApiKeyView | null {
    const key = this.byId.get(id);
    return key ? view(key) : null;
  }

  list(environment?: string): ApiKeyView[] {
    return [...this.byId.values()].filter((k) => environment === undefined || k.environment === environment).map(view);
  }
}

function view({ secretHash: _hash, ...rest }: StoredApiKey): ApiKeyView {
  return rest;
}

function audit(key: StoredApiKey, actor: string, action: string, at: Date): AuditEntry {
  return { at, environment: key.environment, actor, action, target: `key:${key.id}`, detail: { name: key.name, kind: key.kind } };
}
