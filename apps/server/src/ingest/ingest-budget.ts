// Bounds the memory that ingest requests hold at once (bodies being read, decoded and
// waiting for commit). A request is judged on its declared size before a byte of its body
// is read, and refused at once with a Retry-After when that would pass the budget, so a
// burst costs the server no reading or decompressing and makes clients back off instead
// of growing the heap. A body of undeclared size (chunked) is judged on its first chunk,
// and again on every chunk as it arrives. The bytes come out of the server's one memory
// limit, at what their decoded events take.
import { HttpError } from '../http/http-error.ts';
import { COMPRESSION_RATIO, type IngestHold } from '../http/read-body.ts';
import type { MemoryBudget, MemoryReservation } from '../hardening/memory-budget.ts';

/** Decoded events take several times their JSON or protobuf size while they wait for commit. */
export const DECODED_BYTES_PER_BODY_BYTE = 6;

export class IngestBudget {
  private inUse = 0;

  constructor(
    readonly maxBytes: number,
    private readonly memory: MemoryBudget,
  ) {}

  /** Reserves `bytes` (see reservationFor) for the duration of `work`. */
  async run<T>(bytes: number, work: (hold: IngestHold) => Promise<T>): Promise<T> {
    let memory: MemoryReservation | null = null;
    let held = 0;
    const take = (more: number) => {
      // A request alone in ingest always goes: a lone big body is judged by the body limit.
      const fits = this.inUse === held || this.inUse + more <= this.maxBytes;
      const reserved =
        fits && (memory ? memory.grow(more * DECODED_BYTES_PER_BODY_BYTE) : (memory = this.memory.tryReserve(more * DECODED_BYTES_PER_BODY_BYTE)) !== null);
      if (!reserved) throw this.full();
      this.inUse += more;
      held += more;
    };
    take(bytes);
    try {
      return await work({
        get bytes() {
          return held;
        },
        grow: take,
      });
    } finally {
      this.inUse -= held;
      (memory as MemoryReservation | null)?.release();
    }
  }

  /** The 429 that run() would answer a request reserving `bytes` now, or null if it would start. */
  refusal(bytes: number): HttpError | null {
    const fits =
      (this.inUse === 0 || this.inUse + bytes <= this.maxBytes) && this.memory.bytesInUse + bytes * DECODED_BYTES_PER_BODY_BYTE <= this.memory.reservableBytes;
    return fits ? null : this.full();
  }

  private full(): HttpError {
    return new HttpError(429, `ingest is at its memory limit (${this.maxBytes} bytes in flight); retry shortly`, { 'retry-after': '1' });
  }

  get bytesInUse(): number {
    return this.inUse;
  }
}

/** What a chunked body reserves before its first chunk: enough for a typical small export. */
export const UNDECLARED_FIRST_RESERVATION = 64 * 1024;

/**
 * What a request may hold at first: its declared length (COMPRESSION_RATIO times that
 * when compressed), within the body limit; a body that declares no length starts small
 * and grows as its chunks arrive (readBody).
 */
export function reservationFor(request: Request, maxBodyBytes: number): number {
  return declaredReservation(request.headers.get('content-length'), request.headers.get('content-encoding'), maxBodyBytes);
}

/** reservationFor, from the two headers as they arrived. */
export function declaredReservation(contentLength: string | null | undefined, contentEncoding: string | null | undefined, maxBodyBytes: number): number {
  const declared = Number(contentLength);
  const compressed = (contentEncoding ?? 'identity') !== 'identity';
  if (!contentLength || !Number.isFinite(declared) || declared <= 0) return UNDECLARED_FIRST_RESERVATION;
  return Math.min(compressed ? declared * COMPRESSION_RATIO : declared, maxBodyBytes);
}
