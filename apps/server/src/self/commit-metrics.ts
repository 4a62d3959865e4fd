// The store's commits as ingest sees them: each timed, with the events that wait for one counted.
import type { AppendStep } from '../store/append-steps.ts';
import type { ServerMetrics } from './server-metrics.ts';

export function commitMetrics(metrics: ServerMetrics): AppendStep {
  return async (batch, commit) => {
    const started = performance.now();
    const count = batch.events.length;
    metrics.pendingEvents += count;
    try {
      const result = await commit(batch);
      metrics.commitSeconds.observe((performance.now() - started) / 1000);
      metrics.ingestEvents.inc({}, result.stored);
      return result;
    } finally {
      metrics.pendingEvents -= count;
    }
  };
}
