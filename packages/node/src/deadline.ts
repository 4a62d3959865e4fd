// Runs a call with a time limit: the call gets an AbortSignal that fires when the limit
// passes, and the result rejects with the same TimeoutError that `fetch` would throw.

/** A signal that never fires, for calls without a limit (shared: it costs nothing). */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

export function withDeadline<T>(
  call: (signal: AbortSignal) => Promise<T> | T,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      const reason = new DOMException(`${what} took longer than ${timeoutMs} ms`, 'TimeoutError');
      controller.abort(reason);
      reject(reason);
    }, timeoutMs);
    const settle = () => clearTimeout(timer);
    try {
      Promise.resolve(call(controller.signal)).then(
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

