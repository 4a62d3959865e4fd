// `node --import @flashlight/node/register app.js`: sets up the kit from environment
// variables before the application loads, so `http` is instrumented however it is imported.
import { init } from './init.ts';

const telemetry = init();

/** How long a stopping process waits for its telemetry to be sent (Flashlight may be down). */
const FLUSH_GRACE_MS = 5000;

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
