// Bounds the memory that ingest requests hold at once (bodies being read, decoded and
// waiting for commit). A request that would exceed it is refused at once with a
// Retry-After, so a burst makes clients back off instead of growing the heap until the
// process dies.
import { HttpError } from './http-error.ts';

export class IngestBudget {
  private inUse = 0;

  constructor(readonly maxBytes: number) {}

  /**
   * Reserves `bytes` (the declared body size, or the body limit when undeclared) for the
   * duration of `work`.
   */
  async run<T>(bytes: number, work: () => Promise<T>): Promise<T> {
    if (this.inUse > 0 && this.inUse + bytes > this.maxBytes) {
      throw new HttpError(429, `ingest is at its memory limit (${this.maxBytes} bytes in flight); retry shortly`, {
        'retry-after': '1',
      });
    }
    this.inUse += bytes;
    try {
      return await work();
    } finally {
      this.inUse -= bytes;
    }
  }

  get bytesInUse(): number {
    return this.inUse;
  }
}

/**
 * What a request may hold: its declared length (ten times that when compressed, as
 * telemetry compresses about that well), or the body limit if it declares none.
 */
export function reservationFor(request: Request, maxBodyBytes: number): number {
  const declared = Number(request.headers.get('content-length'));
  if (!Number.isFinite(declared) || declared <= 0) return maxBodyBytes;
  const compressed = (request.headers.get('content-encoding') ?? 'identity') !== 'identity';
  return Math.min(compressed ? declared * 10 : declared, maxBodyBytes);
}
