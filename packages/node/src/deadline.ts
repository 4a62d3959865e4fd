// Runs a call with a time limit: the call gets an AbortSignal that fires when the limit
// passes, and the result rejects with the same TimeoutError that `fetch` would throw.

/** Node's timers cannot wait longer: a larger delay fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A signal that never fires, for calls without a limit (shared: it costs nothing). */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

interface Pending {
  deadline: number;
  expire: () => void;
  prev: Pending | undefined;
  next: Pending | undefined;
}

/**
 * Calls with the same limit expire in the order they started, so one timer per limit
 * serves them all: a call costs a list insert instead of a setTimeout/clearTimeout pair.
 * A settled call is unlinked at once, so it is garbage while still young.
 */
class DeadlineQueue {
  private head: Pending | undefined;
  private tail: Pending | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly limitMs: number) {}

  add(expire: () => void): Pending {
    const entry: Pending = { deadline: performance.now() + this.limitMs, expire, prev: this.tail, next: undefined };
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    if (this.timer === undefined) this.schedule(this.limitMs);
    return entry;
  }

  remove(entry: Pending): void {
    if (entry.prev) entry.prev.next = entry.next;
    else if (this.head === entry) this.head = entry.next;
    else return; // already removed
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = entry.next = undefined;
  }

  private schedule(delayMs: number): void {
    // Unreferenced: a finished script must not wait for a deadline; a call still
    // pending keeps the process alive by its own I/O.
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.ceil(delayMs))).unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = performance.now();
    while (this.head !== undefined && this.head.deadline <= now) {
      const entry = this.head;
      this.remove(entry);
      entry.expire();
    }
    if (this.head !== undefined) this.schedule(this.head.deadline - now);
    // Forget an idle queue: limits computed per call (a remaining budget) come and go.
    else queues.delete(this.limitMs);
  }
}

const queues = new Map<number, DeadlineQueue>();

/**
 * `call`'s result, or a TimeoutError after `timeoutMs`. The AbortSignal is only made for
 * calls that take one (`call.length > 0`): it is the costly part.
 */
export function withDeadline<T>(call: (signal: AbortSignal) => Promise<T> | T, timeoutMs: number, what: string): Promise<T> {
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
    try {
      Promise.resolve(call(controller?.signal ?? NEVER_ABORTED)).then(
        (value) => {
          queue.remove(pending);
          resolve(value);
        },
        (error: unknown) => {
          queue.remove(pending);
          reject(error);
        },
      );
    } catch (error) {
      queue.remove(pending);
      reject(error);
    }
  });
}

/** Whether `error` is a timeout: ours, or AbortSignal.timeout's inside the call. */
export function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}
