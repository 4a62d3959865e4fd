// Generated events in which only app.version matters: build 2.0, on about 2% of events, is
// slow; every other column is random, some of them with many values (200 user ids), some
// unique per event or per process (trace ids, a timestamp as text, pids, client ports).
// Half are spans, half plain log events without span fields; columns of every type.
import { pick, seededRandom } from '../../hardening/seeded-random.ts';

export const SLOW_VERSION = '2.0';
/** Every event of SLOW_VERSION takes at least this long; no other comes close. */
export const SLOW_MS = 500;
/** Columns that are unique per event or per process. */
export const NEAR_UNIQUE_FIELDS = ['client.port', 'process.pid', 'request.timestamp', 'trace.span_id', 'trace.trace_id'];
/** Random columns, none related to the selection. */
export const RANDOM_FIELDS = ['cached', 'ratio', 'region', 'retries', 'user.id'];

export interface PlainEvent {
  time: string;
  data: Record<string, string | number | boolean>;
}

const REGIONS = ['us-east', 'us-west', 'eu-west', 'ap-south'];
const USERS = Array.from({ length: 200 }, (_, i) => `user-${i}`);
const PIDS = [4101, 4102, 5230, 5231, 7788, 7790];

/** `count` events over the half hour before `nowMs`. */
export function versionRegressionEvents(count: number, nowMs: number): PlainEvent[] {
  const random = seededRandom(25);
  return Array.from({ length: count }, (_, i) => {
    const slow = random() < 0.02;
    const timeMs = nowMs - 1000 - Math.floor(random() * 30 * 60_000);
    const common = {
      'app.version': slow ? SLOW_VERSION : pick(random, ['1.8', '1.9']),
      'user.id': pick(random, USERS),
      region: pick(random, REGIONS),
      'process.pid': pick(random, PIDS),
      'client.port': 32768 + Math.floor(random() * 28_000),
      'request.timestamp': new Date(timeMs).toISOString(),
      retries: Math.floor(random() * 4),
      ratio: random(),
      cached: random() < 0.5,
      duration_ms: slow ? SLOW_MS + random() * 700 : 10 + random() * 190,
    };
    const span = i % 2 === 0;
    const data = span
      ? { ...common, 'trace.trace_id': `t${i}`, 'trace.span_id': `s${i}`, name: 'GET /api/items', 'service.name': 'shop', 'span.kind': 'server' }
      : { ...common, message: 'items listed' };
    return { time: new Date(timeMs).toISOString(), data };
  });
}
