// Generated requests whose differences are known: every slow request comes from
// region eu-west running app.version 1.4.2, and one user (u-7) produces most errors.
// Events are in the Honeycomb batch format, with sample rates, so answers must weigh them.
import { pick, seededRandom } from '../../hardening/seeded-random.ts';

export const SLOW_REGION = 'eu-west';
export const SLOW_VERSION = '1.4.2';
export const ERROR_USER = 'u-7';
/** Every slow request takes at least this long; no other request comes close. */
export const SLOW_MS = 500;

export interface BatchEvent {
  time: string;
  samplerate: number;
  data: Record<string, string | number | boolean>;
}

const REGIONS = ['us-east', 'us-west', 'eu-west', 'ap-south'];
const VERSIONS = ['1.4.0', '1.4.1', '1.4.2'];
const ROUTES = ['/api/cart', '/api/checkout', '/api/search', '/api/login'];

/** `count` requests spread over the `spanMs` before `nowMs`. */
export function knownDifferenceEvents(count: number, nowMs: number, spanMs = 30 * 60_000): BatchEvent[] {
  const random = seededRandom(6);
  return Array.from({ length: count }, (_, i) => {
    const region = pick(random, REGIONS);
    // Only eu-west runs 1.4.2 on part of its traffic, and only that pairing is slow.
    const version = region === SLOW_REGION && random() < 0.5 ? SLOW_VERSION : pick(random, VERSIONS.slice(0, 2));
    const slow = region === SLOW_REGION && version === SLOW_VERSION;
    const user = `u-${Math.floor(random() * 30)}`;
    const error = user === ERROR_USER ? random() < 0.6 : random() < 0.02;
    return {
      time: new Date(nowMs - 1000 - Math.floor(random() * spanMs)).toISOString(),
      samplerate: i % 4 === 0 ? 4 : 1,
      data: {
        region,
        'app.version': version,
        'user.id': user,
        'http.route': pick(random, ROUTES),
        'trace.trace_id': `trace-${i}`,
        duration_ms: slow ? SLOW_MS + Math.floor(random() * 700) : 10 + Math.floor(random() * 190),
        error,
      },
    };
  });
}
