import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDuckDbControlStore } from '../store/duckdb/index.ts';
import type { ControlStore } from '../control/control-store.ts';
import { KeyRing } from './key-ring.ts';

let dir: string;
let control: ControlStore;
afterEach(async () => {
  await control.close();
  await rm(dir, { recursive: true, force: true });
});

async function ring(): Promise<KeyRing> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-ring-'));
  control = await openDuckDbControlStore(dir);
  return KeyRing.load(control);
}

describe('key ring', () => {
  it('authenticates the key text it returned once, and nothing like it', async () => {
    const keys = await ring();
    const { key, text } = await keys.create({ name: 'ops', kind: 'admin', environment: 'prod' }, 'test');
    expect(keys.authenticate(text)).toMatchObject({ ok: true, key: { id: key.id, environment: 'prod' } });
    const forged = text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');
    expect(keys.authenticate(forged)).toEqual({ ok: false, reason: 'the API key is not valid' });
    expect(keys.authenticate('')).toMatchObject({ ok: false });
    expect(JSON.stringify(keys.list()), 'lists never hold the secret or its hash').not.toMatch(new RegExp(`${text}|secretHash`));
  });

  it('revokes once however many ask at the same time, and reloads as stored', async () => {
    const keys = await ring();
    const { key, text } = await keys.create({ name: 'svc', kind: 'ingest', environment: 'prod' }, 'test');
    const [first, second] = await Promise.all([keys.revoke(key.id, 'a'), keys.revoke(key.id, 'b')]);
    expect(first!.revokedAt).toEqual(second!.revokedAt);
    expect(keys.hasActiveKeys).toBe(false);
    expect(keys.everHadKeys, 'a revoked key still counts: open mode never returns').toBe(true);
    expect(keys.authenticate(text)).toEqual({ ok: false, reason: `the API key ${key.id} was revoked` });
    expect((await control.audit('prod', 10)).map((e) => e.action)).toEqual(['key.revoke', 'key.create']);
    const reloaded = await KeyRing.load(control);
    expect(reloaded.hasActiveKeys).toBe(false);
    expect(reloaded.everHadKeys).toBe(true);
    expect(reloaded.find(key.id)!.revokedAt).toEqual(first!.revokedAt);
  });
});
