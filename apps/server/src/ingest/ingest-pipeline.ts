// The one ingest pipeline that every transport calls: auth (the key, its kind and its
// rate limits) → admission (is ingest keeping up) → the ingest budget → reading the body
// → decode and map to wide events → append, answered only once committed. OTLP over HTTP
// and gRPC and the events API differ only in how they read and decode a body, and in how
// they word the answer.
import type { DatasetBatch } from '../events/wide-event.ts';
import type { Store } from '../store/store.ts';
import type { IngestHold } from '../http/read-body.ts';
import type { HttpError } from '../http/http-error.ts';
import type { IngestAdmission } from '../hardening/ingest-admission.ts';
import { admitKey, authorize, type Gatekeeper } from '../auth/authorize.ts';
import type { KeyRateLimits } from '../auth/key-rate-limits.ts';
import type { Principal } from '../auth/principal.ts';
import { EventTimeWindow, type EventTimeLimits } from './event-time-window.ts';
import type { Clock } from '../clock/clock.ts';
import { commitBatches } from './commit-batches.ts';
import type { IngestBudget } from './ingest-budget.ts';

/** What a transport tells the pipeline about one request. */
export interface IngestRequest<D extends { batches: DatasetBatch[] }> {
  /** What the request may hold of the ingest budget before its body is read. */
  reservation: number;
  /** Reads the body, growing `hold` as it turns out larger than reserved. */
  read(hold: IngestHold): Promise<Uint8Array>;
  /** Decodes the body and maps it to batches of wide events in `environment`. */
  decode(body: Uint8Array, environment: string, window: EventTimeWindow): D;
}

export interface Ingested<D> {
  decoded: D;
  /** What the store said about the batches (fields past the column limit). */
  warnings: string[];
}

export interface IngestParts {
  store: Store;
  /** How old or how far ahead an event may be. */
  config: EventTimeLimits;
  budget: IngestBudget;
  gate: Gatekeeper;
  limits: KeyRateLimits;
  admission: IngestAdmission;
  /** When requests arrive: the window of accepted event times is around it. */
  clock: Clock;
}

export class IngestPipeline {
  constructor(private readonly parts: IngestParts) {}

  /**
   * The auth step for a transport without the HTTP access middleware (gRPC): the same
   * decision and the same per-key rate limits, so a key gets one answer and one budget
   * whichever way it sends. `request` names the call in a refusal.
   */
  async asCaller<T>(keyText: string | null, request: string, work: (principal: Principal) => Promise<T>): Promise<T> {
    const principal = authorize(this.parts.gate, keyText, 'ingest', request);
    return admitKey(this.parts.limits, principal.keyId, () => work(principal));
  }

  /** The 429 that a request reserving `reservation` would get now from admission or the budget, or null. */
  refusal(reservation: number): HttpError | null {
    return this.parts.admission.refusal() ?? this.parts.budget.refusal(reservation);
  }

  /** Runs the rest of the pipeline for a request that `principal` was authorized to send. */
  run<D extends { batches: DatasetBatch[] }>(principal: Principal, request: IngestRequest<D>): Promise<Ingested<D>> {
    const { store, config, budget, limits, admission, clock } = this.parts;
    return admission(() =>
      budget.run(request.reservation, async (hold) => {
        const body = await request.read(hold);
        const decoded = request.decode(body, principal.environment, new EventTimeWindow(clock.now(), config));
        // Charged to the key being served: its event rate, counted once decoding knows it.
        limits.chargeEvents(decoded.batches.reduce((sum, batch) => sum + batch.events.length, 0));
        // Named for the store, which charges the key for the new columns its events add.
        const sender = principal.keyId ?? 'open';
        const { warnings } = await commitBatches(
          store,
          decoded.batches.map((batch) => ({ ...batch, sender })),
        );
        return { decoded, warnings };
      }),
    );
  }
}
