// Retention runs at start and then every hour of the store's clock, on either engine, one
// run at a time; a failed run is logged and tried again at the next hour.
import type { Logger } from '../logger.ts';
import type { Clock } from '../clock/clock.ts';

export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** `expire` removes what is past the window and says what it removed (or null for nothing). */
export function scheduleRetention(expire: () => Promise<string | null>, log: Logger, clock: Clock): () => void {
  let last: Promise<unknown> = Promise.resolve();
  const run = () =>
    (last = last.then(expire).then(
      (removed) => removed && log.info(`retention ${removed}`),
      (error) => log.error('retention failed', { error: (error as Error).message }),
    ));
  void run();
  return clock.every(RETENTION_INTERVAL_MS, run);
}
