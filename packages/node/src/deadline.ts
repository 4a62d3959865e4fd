// Runs a call with a time limit: the call gets an AbortSignal that fires when the limit
// passes, and the result rejects with the same TimeoutError that `fetch` would throw.

/** A signal that never fires, for calls without a limit (shared: it costs nothing). */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

interface Pending {
  deadline: number;
  /** Dropped when the call settles, so a settled call holds on to nothing until its deadline. */
  expire: (() => void) | undefined;
}

/**
 * Calls with the same limit expire in the order they started, so one timer per limit
 * serves them all: a call costs a queue push instead of a setTimeout/clearTimeout pair.
 */
class DeadlineQueue {
  private entries: Pending[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly limitMs: number) {}

  add(expire: () => void): Pending {
    const entry: Pending = { deadline: performance.now() + this.limitMs, expire };
    this.entries.push(entry);
    if (this.timer === undefined) this.schedule(this.limitMs);
    return entry;
  }

  private schedule(delayMs: number): void {
    // Unreferenced: a finished script must not wait for the deadlines of calls that
    // settled long ago; a call still pending keeps the process alive by its own I/O.
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.ceil(delayMs))).unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = performance.now();
    const { entries } = this;
    while (this.head < entries.length && (entries[this.head].expire === undefined || entries[this.head].deadline <= now)) {
      const { expire } = entries[this.head];
      entries[this.head++].expire = undefined;
      expire?.();
    }
    if (this.head === entries.length) {
      // Forget an idle queue: limits computed per call (a remaining budget) come and go.
      queues.delete(this.limitMs);
      return;
    }
    if (this.head > 1024) {
      this.entries = entries.slice(this.head);
      this.head = 0;
    }
    this.schedule(this.entries[this.head].deadline - now);
  }
}

const queues = new Map<number, DeadlineQueue>();

/**
 * `call`'s result, or a TimeoutError after `timeoutMs`. The AbortSignal is only made for
 * calls that take one (`call.length > 0`): it is the costly part.
 */
export function withDeadline<T>(
  call: (signal: AbortSignal) => Promise<T> | T,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let queue = queues.get(timeoutMs);
  if (queue === undefined) {
    queue = new DeadlineQueue(timeoutMs);
    queues.set(timeoutMs, queue);
  }
  const controller = call.length > 0 ? new AbortController() : undefined;
  return new Promise<T>((resolve, reject) => {
    const pending = queue.add(() => {
      const reason = new DOMException(`${what} took longer than ${timeoutMs} ms`, 'TimeoutError');
      controller?.abort(reason);
      reject(reason);
    });
    const settle = () => {
      pending.expire = undefined;
    };
    try {
      Promise.resolve(call(controller?.signal ?? NEVER_ABORTED)).then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    } catch (error) {
      settle();
      reject(error);
    }
  });
}

/** Whether `error` is a timeout: ours, or AbortSignal.timeout's inside the call. */
export function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}
