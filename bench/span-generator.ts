// Spans as the OTLP decoder makes them: the span fields every span has, plus about ten
// attributes of a web checkout service, with realistic cardinalities. Deterministic.
import type { WideEvent } from '../apps/server/src/events/wide-event.ts';

export const SPAN_COLUMNS = [
  { name: 'trace.trace_id', sqlType: 'VARCHAR' },
  { name: 'trace.span_id', sqlType: 'VARCHAR' },
  { name: 'trace.parent_id', sqlType: 'VARCHAR' },
  { name: 'name', sqlType: 'VARCHAR' },
  { name: 'service.name', sqlType: 'VARCHAR' },
  { name: 'span.kind', sqlType: 'VARCHAR' },
  { name: 'duration_ms', sqlType: 'DOUBLE' },
  { name: 'status_code', sqlType: 'BIGINT' },
  { name: 'error', sqlType: 'BOOLEAN' },
  { name: 'http.request.method', sqlType: 'VARCHAR' },
  { name: 'http.route', sqlType: 'VARCHAR' },
  { name: 'http.response.status_code', sqlType: 'BIGINT' },
  { name: 'user.id', sqlType: 'VARCHAR' },
  { name: 'app.team', sqlType: 'VARCHAR' },
  { name: 'app.cart_items', sqlType: 'BIGINT' },
  { name: 'app.feature_flag.new_checkout', sqlType: 'BOOLEAN' },
  { name: 'db.system', sqlType: 'VARCHAR' },
  { name: 'server.address', sqlType: 'VARCHAR' },
  { name: 'cloud.region', sqlType: 'VARCHAR' },
  { name: 'service.version', sqlType: 'VARCHAR' },
  { name: 'host.name', sqlType: 'VARCHAR' },
  { name: 'app.vendor.latency_ms', sqlType: 'DOUBLE' },
] as const;

const ROUTES = ['/', '/products/:id', '/cart', '/checkout', '/api/orders', '/api/search', '/login'];
const TEAMS = ['growth', 'payments', 'search', 'platform'];

export function generateSpans(count: number, startUs = Date.UTC(2025, 0, 1) * 1000): WideEvent[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const hex = (length: number) => {
    let out = '';
    while (out.length < length) out += Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0');
    return out.slice(0, length);
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

  const events: WideEvent[] = [];
  let traceId = hex(32);
  let parentId = '';
  for (let i = 0; i < count; i++) {
    // About eight spans per trace.
    if (i % 8 === 0) {
      traceId = hex(32);
      parentId = '';
    }
    const spanId = hex(16);
    const status = random() < 0.03 ? 500 : 200;
    events.push({
      timeUs: startUs + i * 100,
      sampleRate: 1,
      fields: {
        'trace.trace_id': traceId,
        'trace.span_id': spanId,
        'trace.parent_id': parentId,
        name: `GET ${pick(ROUTES)}`,
        'service.name': 'checkout',
        'span.kind': parentId ? 'internal' : 'server',
        duration_ms: Math.round(random() * 250_000) / 1000,
        status_code: status === 500 ? 2 : 0,
        error: status === 500,
        'http.request.method': random() < 0.8 ? 'GET' : 'POST',
        'http.route': pick(ROUTES),
        'http.response.status_code': status,
        'user.id': `user-${Math.floor(random() * 5000)}`,
        'app.team': pick(TEAMS),
        'app.cart_items': Math.floor(random() * 12),
        'app.feature_flag.new_checkout': random() < 0.5,
        'db.system': 'postgresql',
        'server.address': `db-${Math.floor(random() * 3)}.internal`,
        'cloud.region': 'eu-west-1',
        'service.version': '1.42.0',
        'host.name': `checkout-${Math.floor(random() * 8)}`,
        'app.vendor.latency_ms': Math.round(random() * 80_000) / 1000 + 0.001,
      },
    });
    parentId = spanId;
  }
  return events;
}
