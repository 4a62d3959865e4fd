// A DuckDB file is locked by the process that has it open until that process is gone. A
// restart right after a stop (a supervisor, `npx`, which may return before its child has
// exited) would find the lock still held for a moment: opening waits for it, briefly.
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a start waits for a lock held by an exiting process. */
export const LOCK_WAIT_MS = 5000;
const POLL_MS = 100;

export function isLockError(error: unknown): boolean {
  return error instanceof Error && /lock/i.test(error.message);
}

/** Runs `open` until it does not fail on a lock, for at most `waitMs`; then its last error. */
export async function openWaitingForLock<T>(open: () => Promise<T>, waitMs: number, onWait?: () => void): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      if (!isLockError(error) || Date.now() + POLL_MS > deadline) throw error;
      if (attempt === 0) onWait?.();
    }
    await sleep(POLL_MS);
  }
}
