// Retention runs at start and then every hour, on either engine; a failed run is logged
// and tried again at the next hour.
import type { Logger } from '../logger.ts';
import type { Clock } from '../clock/clock.ts';

export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** `expire` removes what is past the window and says what it removed (or null for nothing). */
export function scheduleRetention(expire: () => Promise<string | null>, log: Logger, clock: Clock): () => void {
  const run = () =>
    expire().then(
      (removed) => removed && log.info(`retention ${removed}`),
      (error) => log.error('retention failed', { error: (error as Error).message }),
    );
  void run();
  return clock.every(RETENTION_INTERVAL_MS, run);
}
