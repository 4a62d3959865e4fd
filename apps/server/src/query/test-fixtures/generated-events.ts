// Test fixture: events with known distributions for the query oracle. Several services
// and routes, a high-cardinality user.id, log-normal durations, errors on 5xx, a field
// only some events have, and mixed sample rates. Seeded, so every run sees the same data.
import type { FieldValue } from '../../events/wide-event.ts';
import { seededRandom } from '../../hardening/seeded-random.ts';

export interface GeneratedEvent {
  timeMs: number;
  sampleRate: number;
  fields: Record<string, FieldValue>;
}

const SERVICES = ['frontend', 'checkout', 'search'];
const ROUTES = ['/', '/cart', '/checkout', '/search', '/api/items/:id'];
const SAMPLE_RATES = [1, 1, 1, 5, 10];

export function generateEvents(options: { count: number; startMs: number; spanMs: number; seed: number }): GeneratedEvent[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: options.count }, () => {
    const service = pick(SERVICES);
    const route = pick(ROUTES);
    const roll = random();
    const status = roll < 0.06 ? 500 : roll < 0.12 ? 404 : 200;
    // Log-normal around 40 ms, slower on checkout; never a whole number, so the field stays a float.
    const duration = Math.exp(Math.log(service === 'checkout' ? 120 : 40) + 0.8 * normal());
    const fields: Record<string, FieldValue> = {
      'service.name': service,
      'http.route': route,
      'http.status_code': status,
      'user.id': `user-${Math.floor(random() * 700)}`,
      duration_ms: Math.floor(duration * 1000) / 1000 + 0.0005,
      error: status === 500,
    };
    if (route === '/search') fields['db.rows'] = Math.floor(random() * 50);
    return {
      timeMs: options.startMs + Math.floor(random() * options.spanMs),
      sampleRate: pick(SAMPLE_RATES),
      fields,
    };
  });
}
