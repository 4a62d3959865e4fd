// Generated shop traffic with planted changes and harmless variations, minute by minute:
// what the watcher's integration test and the `unknowns` benchmark feed it. Root spans of
// a few endpoints (some calling a vendor), teams (one big: megacorp), users, versions; and
// planted on top: a latency shift, an error burst on one team, a vendor degradation, a new
// version with slower spans, a volume drop, a runaway client. Harmless: a daily swing, one
// noisy user, a new endpoint with normal latency.
import type { WideEvent } from '../../events/wide-event.ts';
import type { Random } from '../../hardening/seeded-random.ts';

export const PLANTED_DATASET = 'shop';

export type PlantKind = 'latency' | 'team_errors' | 'vendor' | 'new_version' | 'volume_drop' | 'runaway';

export interface Plant {
  kind: PlantKind;
  /** Minutes from the traffic's start. */
  from: number;
  minutes: number;
  endpoint: string;
  /** What the finding's explanation should name first: a field and value, or a vendor. */
  cause: { field: string; value: string };
}

export interface Endpoint {
  name: string;
  share: number;
  ms: number;
  vendor?: string;
}

export const ENDPOINTS: readonly Endpoint[] = [
  { name: 'GET /products', share: 0.4, ms: 40 },
  { name: 'POST /orders', share: 0.25, ms: 120, vendor: 'payments' },
  { name: 'GET /cart', share: 0.2, ms: 30 },
  { name: 'GET /search', share: 0.15, ms: 60, vendor: 'search-saas' },
];
const NEW_ENDPOINT: Endpoint = { name: 'GET /wishlist', share: 0.05, ms: 35 };
const TEAMS = ['megacorp', 'acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'tyrell'];
const BASE_VERSION = '2.3.0';
const APP_VERSION = '5.2.0';
const BETA_APP_VERSION = '5.3.0-beta.1';

export interface Traffic {
  /** Unix seconds of minute 0 (a whole minute). */
  start: number;
  /** Root spans per minute before the daily swing. */
  perMinute: number;
  plants: readonly Plant[];
  /** Harmless variations: the minute each begins (absent: never). */
  noisyUserFrom?: number;
  newEndpointFrom?: number;
  /** The daily swing's amplitude (share of the rate), over a two-hour cycle to make it steep. */
  swing?: number;
}

/** The cause a plant of this kind on this endpoint leaves for an explanation to find. */
export function causeOf(kind: PlantKind, endpoint: string, index: number): Plant['cause'] {
  switch (kind) {
    case 'team_errors':
      return { field: 'app.team', value: 'megacorp' };
    case 'vendor':
      return { field: 'vendor.name', value: ENDPOINTS.find((e) => e.name === endpoint)!.vendor! };
    case 'new_version':
      return { field: 'service.version', value: newVersion(index) };
    case 'runaway':
      return { field: 'app.version', value: BETA_APP_VERSION };
    default:
      return { field: 'name', value: endpoint };
  }
}

export const newVersion = (index: number) => `2.${4 + index}.0`;

const active = (plant: Plant, minute: number) => minute >= plant.from && minute < plant.from + plant.minutes;

/** The events of one minute of traffic. */
export function trafficMinute(traffic: Traffic, minute: number, random: Random): WideEvent[] {
  const plants = traffic.plants.filter((p) => active(p, minute));
  const on = (kind: PlantKind, endpoint: string) => plants.find((p) => p.kind === kind && p.endpoint === endpoint);
  const deploy = plants.find((p) => p.kind === 'new_version');
  const version = deploy ? newVersion(traffic.plants.filter((p) => p.kind === 'new_version').indexOf(deploy)) : BASE_VERSION;
  const swing = 1 + (traffic.swing ?? 0) * Math.sin((2 * Math.PI * minute) / 120);
  const endpoints = [...ENDPOINTS, ...(minute >= (traffic.newEndpointFrom ?? Infinity) ? [NEW_ENDPOINT] : [])];
  const events: WideEvent[] = [];
  const minuteUs = (traffic.start + minute * 60) * 1e6;
  let traceNo = 0;
  const root = (endpoint: Endpoint, extra: { user?: string; appVersion?: string } = {}) => {
    const trace = `${minute.toString(36)}-${(traceNo++).toString(36)}-${Math.floor(random() * 1e9).toString(36)}`;
    const team = random() < 0.3 ? 'megacorp' : TEAMS[1 + Math.floor(random() * (TEAMS.length - 1))];
    const timeUs = minuteUs + Math.floor(random() * 60e6);
    let ms = endpoint.ms * (0.7 + 0.6 * random());
    if (on('latency', endpoint.name)) ms *= 4;
    if (deploy && deploy.endpoint === endpoint.name) ms *= 3;
    let failed = random() < 0.005;
    let exception = failed ? 'TimeoutError' : undefined;
    if (on('team_errors', endpoint.name) && team === 'megacorp' && random() < 0.8) {
      failed = true;
      exception = 'QuotaExceededError';
    }
    if (endpoint.vendor) {
      const degraded = on('vendor', endpoint.name) !== undefined && random() < 0.7;
      const vendorMs = degraded ? 1500 + 500 * random() : 15 + 10 * random();
      ms += degraded ? vendorMs : 0;
      events.push({
        timeUs: timeUs + 1000,
        sampleRate: 1,
        fields: {
          'trace.trace_id': trace,
          'trace.span_id': `${trace}-v`,
          'trace.parent_id': `${trace}-r`,
          name: `${endpoint.vendor} call`,
          'service.name': PLANTED_DATASET,
          'service.version': version,
          'vendor.name': endpoint.vendor,
          'vendor.outcome': degraded ? 'fallback' : 'ok',
          ...(degraded ? { 'vendor.fallback_reason': 'timeout' } : {}),
          duration_ms: vendorMs,
          error: degraded,
        },
      });
    }
    events.push({
      timeUs,
      sampleRate: 1,
      fields: {
        'trace.trace_id': trace,
        'trace.span_id': `${trace}-r`,
        name: endpoint.name,
        'http.route': endpoint.name.split(' ')[1],
        'service.name': PLANTED_DATASET,
        'service.version': version,
        'app.version': extra.appVersion ?? APP_VERSION,
        'app.team': team,
        'user.id': extra.user ?? `user-${Math.floor(random() * 300)}`,
        duration_ms: Math.round(ms * 10) / 10,
        error: failed,
        status_code: failed ? 2 : 0,
        ...(exception ? { 'exception.type': exception } : {}),
      },
    });
  };
  for (const endpoint of endpoints) {
    let n = Math.round(traffic.perMinute * endpoint.share * swing * (0.95 + 0.1 * random()));
    if (on('volume_drop', endpoint.name)) n = Math.round(n * 0.15);
    for (let i = 0; i < n; i++) root(endpoint);
    // The beta build's scroll handler: four times the endpoint's traffic from beta browsers.
    if (on('runaway', endpoint.name)) for (let i = 0; i < 4 * n; i++) root(endpoint, { appVersion: BETA_APP_VERSION });
  }
  // One user reloading the cart: a sixth more of its traffic, all theirs.
  if (minute >= (traffic.noisyUserFrom ?? Infinity)) {
    const cart = ENDPOINTS.find((e) => e.name === 'GET /cart')!;
    for (let i = 0; i < Math.round(traffic.perMinute * cart.share * 0.15); i++) root(cart, { user: 'user-noisy' });
  }
  return events.sort((a, b) => a.timeUs - b.timeUs);
}
