// Test fixture: browser sessions for the per-entity oracle. Each session has a build
// (missing on some), a sample rate of its own (whole sessions kept 1 in 4) and events
// within a few minutes: spans with a duration and a status, and plain log events without;
// a few events carry no session at all. Two datasets share the sessions, so a query over
// every dataset meets one session's events in both. Seeded, so every run sees the same data.
import type { FieldValue } from '../../events/wide-event.ts';
import { seededRandom } from '../../hardening/seeded-random.ts';
import type { GeneratedEvent } from './generated-events.ts';

const VERSIONS = ['5.2.0', '5.3.0-beta.1', undefined];
const NAMES = ['GET /api/products', 'GET /api/cart', 'POST /api/checkout'];

export function generateSessions(options: { sessions: number; startMs: number; spanMs: number; seed: number }): {
  web: GeneratedEvent[];
  browser: GeneratedEvent[];
} {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const web: GeneratedEvent[] = [];
  const browser: GeneratedEvent[] = [];
  for (let s = 0; s < options.sessions; s++) {
    const version = pick(VERSIONS);
    const sessionRate = random() < 0.3 ? 4 : 1;
    const startMs = options.startMs + Math.floor(random() * (options.spanMs - 600_000));
    const events = 1 + Math.floor(random() * (version === '5.3.0-beta.1' ? 30 : 12));
    for (let e = 0; e < events; e++) {
      const fields: Record<string, FieldValue> = { 'session.id': `s-${s}` };
      if (version !== undefined) fields['app.version'] = version;
      const timeMs = startMs + Math.floor(random() * 600_000);
      // Some events of unsampled sessions are sampled on their own, 1 in 10.
      const sampleRate = sessionRate === 1 && random() < 0.1 ? 10 : sessionRate;
      if (random() < 0.7) {
        const status = random() < 0.1 ? 500 : 200;
        Object.assign(fields, {
          name: pick(NAMES),
          'trace.trace_id': `t${s}-${e}`,
          'trace.span_id': `p${s}-${e}`,
          duration_ms: Math.floor(Math.exp(Math.log(version === '5.3.0-beta.1' ? 90 : 40) + random()) * 1000) / 1000 + 0.0005,
          'http.status_code': status,
          error: status === 500,
        });
        web.push({ timeMs, sampleRate, fields });
      } else {
        browser.push({ timeMs, sampleRate, fields: { ...fields, message: pick(['scroll', 'click', 'view']), 'scroll.depth': Math.floor(random() * 40) } });
      }
    }
  }
  // Events of no session: one entity whose session is null.
  for (let e = 0; e < 5; e++)
    web.push({ timeMs: options.startMs + e * 1000, sampleRate: 1, fields: { name: 'GET /healthz', duration_ms: 1.5 + e, 'http.status_code': 200 } });
  return { web, browser };
}
