// `node --import @flashlight/node/register app.js`: sets up the kit from environment
// variables before the application loads, so `http` is instrumented however it is imported.
import { isMainThread } from 'node:worker_threads';
import { init } from './init.ts';

/** How long a stopping process waits for its telemetry to be sent (Flashlight may be down). */
const FLUSH_GRACE_MS = 5000;

function registerKit(): void {
  const telemetry = init();
  // Flush what the process recorded when it is asked to stop; if the application has no
  // handler of its own for the signal, then stop as Node would have.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const stop = () => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      const grace = setTimeout(stop, FLUSH_GRACE_MS);
      void telemetry.shutdown().finally(() => {
        clearTimeout(grace);
        stop();
      });
    });
  }
}

// `--require` preloads run in Node's module loader thread too (where the kit's ESM hook
// runs); the kit belongs to the application's thread only.
if (isMainThread) registerKit();
