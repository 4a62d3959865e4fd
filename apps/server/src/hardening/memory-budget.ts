// The one memory limit (--memory-limit): what the process's RSS is meant to stay under.
// RSS is V8's heap (live data and garbage not yet collected), the engine's memory and the
// runtime's own. RESERVABLE_SHARE of the limit is what every part that holds data in
// proportion to its input reserves before holding it: ingest (bodies, and their events
// until committed), queries (BubbleUp, flows and the entity lens among them), export
// pages. A reservation that does not fit is refused, and the caller answers 429/503 with
// Retry-After instead of growing. V8's heap is capped at HEAP_SHARE (reservations and
// their garbage), DuckDB at ENGINE_SHARE (store/duckdb/engine-settings.ts: it spills the
// rest to disk), and what is left is the runtime's own.
import { getHeapStatistics } from 'node:v8';
import { HttpError } from '../http/http-error.ts';
import type { Logger } from '../logger.ts';

/** Data held in JavaScript for requests: bodies, decoded events, results, pages. */
export const RESERVABLE_SHARE = 0.3;
/**
 * V8's heap limit that keeps RSS under the limit: live data within RESERVABLE_SHARE, and
 * two thirds as much garbage between collections, next to the engine's and the runtime's
 * memory. Measured, the heap stays far below it on the read paths: at most 75 MiB while a
 * 1,000-column dataset is taken, exported and BubbleUp'd at a 512 MiB limit.
 */
export const HEAP_SHARE = 0.5;
/**
 * DuckDB's memory_limit: its buffers, the rows of commits, and what queries hold before
 * spilling. Statements that join many times need it whatever the data's size: a nested
 * `has` (a descendant with a child) over 1,148 spans needed 285-290 MiB with two
 * threads and 300-400 MiB with one, past the 307 MiB that 30% of 1 GiB gave it.
 */
export const ENGINE_SHARE = 0.4;

/**
 * V8 fixes its heap limit when the process starts (NODE_OPTIONS=--max-old-space-size);
 * a heap allowed to grow past its share lets garbage take RSS over the limit under load.
 */
export function warnOfUncappedHeap(memory: MemoryBudget, log: Logger): void {
  const heapLimit = getHeapStatistics().heap_size_limit;
  if (heapLimit <= memory.heapBytes * 1.1) return;
  const mib = Math.floor(memory.heapBytes / 1024 ** 2);
  log.info(
    `Node's heap may grow to ${Math.round(heapLimit / 1024 ** 2)} MiB, past the memory limit's share for it; start with NODE_OPTIONS=--max-old-space-size=${mib} to stay under ${Math.round(memory.limitBytes / 1024 ** 2)} MiB`,
  );
}

export class MemoryBudget {
  private used = 0;
  /** Bytes that reservations may hold at once. */
  readonly reservableBytes: number;

  constructor(readonly limitBytes: number) {
    this.reservableBytes = Math.floor(limitBytes * RESERVABLE_SHARE);
  }

  get heapBytes(): number {
    return Math.floor(this.limitBytes * HEAP_SHARE);
  }

  get bytesInUse(): number {
    return this.used;
  }

  /** Holds `bytes` until released; null (and nothing held) when that would pass the limit. */
  tryReserve(bytes: number): MemoryReservation | null {
    if (this.used + bytes > this.reservableBytes) return null;
    this.used += bytes;
    return new MemoryReservation(this, bytes);
  }

  /** As tryReserve, but refuses with 503 + Retry-After, naming `what` wanted the memory. */
  reserve(bytes: number, what: string): MemoryReservation {
    const reservation = this.tryReserve(bytes);
    if (!reservation) throw new MemoryLimitError(what, this.limitBytes);
    return reservation;
  }

  /** Runs `work` holding `bytes`, released however it ends. */
  async holding<T>(bytes: number, what: string, work: () => Promise<T>): Promise<T> {
    const reservation = this.reserve(bytes, what);
    try {
      return await work();
    } finally {
      reservation.release();
    }
  }

  /** Called by reservations only. */
  adjust(bytes: number): boolean {
    if (bytes > 0 && this.used + bytes > this.reservableBytes) return false;
    this.used += bytes;
    return true;
  }
}

export class MemoryReservation {
  private released = false;

  constructor(
    private readonly budget: MemoryBudget,
    private held: number,
  ) {}

  get bytes(): number {
    return this.held;
  }

  /** Holds `bytes` more; false (and nothing more held) when that would pass the limit. */
  grow(bytes: number): boolean {
    if (this.released || !this.budget.adjust(bytes)) return false;
    this.held += bytes;
    return true;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.budget.adjust(-this.held);
    this.held = 0;
  }
}

export class MemoryLimitError extends HttpError {
  constructor(what: string, limitBytes: number) {
    super(503, `${what} would take the server past its memory limit (${Math.round(limitBytes / 1024 ** 2)} MiB, --memory-limit); retry shortly`, {
      'retry-after': '1',
    });
    this.name = 'MemoryLimitError';
  }
}
