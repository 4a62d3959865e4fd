// Optional self-observation (`--self-telemetry`): every interval, one event in the
// `flashlight` dataset of the `default` environment with what happened since the last:
// events and batches committed, commit and query times, the write queue depth and the
// load shed. Written to the store directly, so it does not count itself.
import type { Logger } from '../logger.ts';
import { systemClock, type Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { ServerMetrics } from './server-metrics.ts';

export const SELF_DATASET = 'flashlight';
const SELF_ENVIRONMENT = 'default';

export interface SelfTelemetry {
  /** Records a last sample and stops. */
  stop(): Promise<void>;
}

export function startSelfTelemetry(store: Store, metrics: ServerMetrics, intervalMs: number, log: Logger, clock: Clock = systemClock): SelfTelemetry {
  let last = snapshot(metrics);
  let writing = Promise.resolve();
  /** Takes a sample; resolves once it is stored (or its failure logged). */
  const sample = () => {
    const now = snapshot(metrics);
    const delta = (key: keyof Snapshot) => now[key] - last[key];
    const commits = delta('commits');
    const queries = delta('queries');
    const fields = {
      name: 'flashlight.stats',
      interval_ms: intervalMs,
      'ingest.events': delta('events'),
      'ingest.batches': commits,
      'commit.avg_ms': commits > 0 ? (delta('commitSeconds') / commits) * 1000 : 0,
      'queue.pending_events': metrics.pendingEvents,
      'query.count': queries,
      'query.avg_ms': queries > 0 ? (delta('querySeconds') / queries) * 1000 : 0,
      'http.429': delta('shed'),
      'http.5xx': delta('errors'),
    };
    last = now;
    writing = writing
      .then(() => store.append({ environment: SELF_ENVIRONMENT, dataset: SELF_DATASET, events: [{ timeUs: clock.now() * 1000, sampleRate: 1, fields }] }))
      .then(
        () => undefined,
        (error: Error) => log.warn('self-telemetry sample not stored', { error: error.message }),
      );
    return writing;
  };
  const stopSampling = clock.every(intervalMs, sample);
  return {
    async stop() {
      stopSampling();
      await sample();
    },
  };
}

interface Snapshot {
  events: number;
  commits: number;
  commitSeconds: number;
  queries: number;
  querySeconds: number;
  shed: number;
  errors: number;
}

function snapshot(metrics: ServerMetrics): Snapshot {
  const commit = metrics.commitSeconds.totals;
  const query = metrics.querySeconds.totals;
  const errors = ['500', '502', '503', '504'].reduce((sum, status) => sum + metrics.responses.valueOf({ status }), 0);
  return {
    events: metrics.ingestEvents.total(),
    commits: commit.count,
    commitSeconds: commit.sum,
    queries: query.count,
    querySeconds: query.sum,
    shed: metrics.responses.valueOf({ status: '429' }),
    errors,
  };
}
