// The findings API on a running server (memory store, a clock the test moves): a planted
// latency shift, sent over the events API, is listed with its explanation; marking it
// expected quiets that kind of change at its place, and both are in the audit log.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding, FindingQuietRule, Findings } from '@flashlight/api';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';
import { TestClock } from '../clock/test-clock.ts';
import { seededRandom } from '../hardening/seeded-random.ts';
import { causeOf, trafficMinute, type Traffic } from './testing/planted-changes.ts';
import { INGEST_LAG_SECONDS } from './watcher.ts';

const T0 = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3600;
const SHIFT = 10;
const TRAFFIC: Traffic = {
  start: T0,
  perMinute: 250,
  plants: [{ kind: 'latency', from: SHIFT, minutes: 3, endpoint: 'GET /cart', cause: causeOf('latency', 'GET /cart', 0) }],
};

describe('the findings API', () => {
  let server: TempServer;
  let clock: TestClock;
  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
    expect(response.ok, `${path}: ${response.status}`).toBe(true);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    // The first tick reads the minute before the shift.
    clock = new TestClock((T0 + SHIFT * 60 + INGEST_LAG_SECONDS - 60) * 1000);
    server = await startMemoryServer({ watch: true }, { clock });
    const random = seededRandom(7);
    const events = Array.from({ length: SHIFT + 2 }, (_, minute) => trafficMinute(TRAFFIC, minute, random)).flat();
    const body = events.map((e) => ({ time: new Date(e.timeUs / 1000).toISOString(), samplerate: e.sampleRate, data: e.fields }));
    const sent = await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body: JSON.stringify(body) });
    expect(sent.status).toBe(200);
    await clock.advance(2 * 60_000);
  }, 120_000);

  afterAll(async () => server?.dispose());

  test('lists the finding newest first, with where, since when and its explanation', async () => {
    const { findings } = await api<Findings>('/api/v1/findings?time_range=3600');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ state: 'open', kinds: ['latency'], since: T0 + SHIFT * 60, where: { services: ['shop'], endpoints: ['GET /cart'] } });
    expect(findings[0].explanation!.traces.length).toBeGreaterThan(0);
    // The change ledger's first sightings of the versions are markers before it, not its causes.
    expect(findings[0].explanation!.markers.map((m) => m.message)).toContain('shop: first service.version 2.3.0');
    expect(findings[0].explanation!.causes).toEqual([]);
    expect(await api<Finding>(`/api/v1/findings/${findings[0].id}`)).toEqual(findings[0]);
    expect((await api<Findings>('/api/v1/findings?time_range=3600&state=recovered')).findings).toEqual([]);
  });

  test('marking it expected quiets latency changes at GET /cart, and is audited', async () => {
    const [finding] = (await api<Findings>('/api/v1/findings?time_range=3600')).findings;
    const marked = await api<Finding>(`/api/v1/findings/${finding.id}/expected`, { method: 'POST', body: JSON.stringify({ minutes: 30 }) });
    expect(marked.expected).toBe(true);
    expect(await api<FindingQuietRule[]>('/api/v1/findings-quiet')).toMatchObject([
      { kind: 'latency', dataset: 'shop', name: 'GET /cart', reason: 'expected', until: Math.floor(clock.now() / 1000) + 1800 },
    ]);
    const audit = await api<Array<{ action: string; target: string }>>('/api/v1/audit?limit=100');
    expect(audit.filter((e) => e.target === `finding:${finding.id}`).map((e) => e.action)).toEqual(['finding.expected', 'finding.opened']);
  });
});
