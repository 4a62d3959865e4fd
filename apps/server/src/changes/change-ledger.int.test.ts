// The change ledger on a real server, fed through the events API: exactly one marker for
// each first version of a dataset and each first flag variant, however the events arrive
// (repeated, concurrent, after a restart); and the marker's before/after numbers equal
// the same numbers computed directly from the sent events, on each store engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempServer, type TempServer } from '../testing/temp-server.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../testing/clickhouse-database.ts';

interface SentEvent {
  timeS: number;
  samplerate: number;
  data: Record<string, string | number | boolean>;
}

let server: TempServer;

const T = Math.floor(Date.now() / 1000) - 900;
const WINDOW = 600;

/** Requests to orders: 1.0 before T (fast, 5% errors), 2.0 from T on (slower, 20% errors). */
function orders(version: string, fromS: number, n: number): SentEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    timeS: fromS + Math.floor((i * WINDOW) / n),
    samplerate: i % 4 === 0 ? 2 : 1,
    data: {
      'service.version': version,
      name: 'POST /orders',
      duration_ms: (version === '1.0' ? 20 : 300) + ((i * 37) % 97),
      error: i % (version === '1.0' ? 20 : 5) === 0,
    },
  }));
}

const post = (dataset: string, events: SentEvent[]) =>
  fetch(`${server.url}/1/batch/${dataset}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(events.map((e) => ({ time: new Date(e.timeS * 1000).toISOString(), samplerate: e.samplerate, data: e.data }))),
  }).then((r) => expect(r.status).toBe(200));

const markers = async (url = server.url) =>
  (await (await fetch(`${url}/api/v1/markers`)).json()) as Array<{
    id: string;
    type: string;
    message: string;
    dataset: string | null;
    start_time: number;
    source: string;
  }>;

/** The same numbers as the comparison, straight from the events. */
function expected(events: SentEvent[]) {
  const count = events.reduce((s, e) => s + e.samplerate, 0);
  const errors = events.filter((e) => e.data.error).reduce((s, e) => s + e.samplerate, 0);
  const sorted = [...events].sort((a, b) => (a.data.duration_ms as number) - (b.data.duration_ms as number));
  const percentile = (fraction: number) => {
    let weight = 0;
    for (const e of sorted) if ((weight += e.samplerate) >= fraction * count) return e.data.duration_ms;
    return null;
  };
  return { count, rate: count / WINDOW, errors, error_rate: errors / count, p50_duration_ms: percentile(0.5), p99_duration_ms: percentile(0.99) };
}

describe.each(['duckdb', 'clickhouse'] as const)('change ledger on %s', (engine) => {
  let clickhouse: ClickHouseDatabase | undefined;
  const engineFlags = () => clickhouse?.flags ?? {};
  beforeAll(async () => {
    if (engine === 'clickhouse') clickhouse = await createClickHouseDatabase();
    server = await startTempServer(engineFlags());
  }, 120_000);
  afterAll(async () => {
    await server?.dispose();
    await clickhouse?.drop();
  });

  const before = orders('1.0', T - WINDOW, 120);
  const after = orders('2.0', T, 150);
  // Sent again, the first ten are stored twice: the ledger must not record 1.0 again.
  const stored = { before: [...before, ...before.slice(0, 10)] };

  it('records one marker per first version and flag variant, and the before/after numbers', async () => {
    await post('orders', before);
    await post('orders', before.slice(0, 10));
    // The new version arrives in two concurrent requests.
    await Promise.all([post('orders', after.slice(0, 75)), post('orders', after.slice(75))]);
    const flag = (variant: string, timeS: number) => ({
      timeS,
      samplerate: 1,
      data: {
        name: 'feature_flag.evaluation',
        'feature_flag.key': 'new-checkout',
        'feature_flag.result.variant': variant,
        'feature_flag.result.reason': 'TARGETING_MATCH',
      },
    });
    await post('web', [flag('off', T - 100), flag('off', T - 50)]);
    await post('web', [flag('on', T + 30), flag('off', T + 31), flag('on', T + 20)]);
    // A late batch with an earlier evaluation moves the marker back to it.
    await post('web', [flag('on', T + 10)]);

    const recorded = await markers();
    expect(recorded.map((m) => [m.type, m.dataset, m.start_time, m.message, m.source])).toEqual([
      ['deploy', 'orders', T - WINDOW, 'orders: first service.version 1.0', 'ledger'],
      ['flag', null, T - 100, 'flag new-checkout: first served variant off (seen in web)', 'ledger'],
      ['deploy', 'orders', T, 'orders: first service.version 2.0', 'ledger'],
      ['flag', null, T + 10, 'flag new-checkout: first served variant on (seen in web)', 'ledger'],
    ]);
    const audit = (await (await fetch(`${server.url}/api/v1/audit`)).json()) as Array<{ actor: string; action: string; target: string }>;
    expect(audit.filter((e) => e.target === `marker:${recorded[3].id}`)).toEqual([
      expect.objectContaining({ actor: 'change ledger', action: 'marker.update' }),
    ]);

    const deploy = recorded[2];
    const comparison = (await (await fetch(`${server.url}/api/v1/markers/${deploy.id}/comparison?window=${WINDOW}`)).json()) as Record<string, any>;
    expect(comparison.before).toEqual({ start_time: T - WINDOW, end_time: T, window_seconds: WINDOW, ...expected(stored.before) });
    expect(comparison.after).toEqual({ start_time: T, end_time: T + WINDOW, window_seconds: WINDOW, ...expected(after) });
    expect(comparison.after.p50_duration_ms).toBeGreaterThan(comparison.before.p99_duration_ms);

    // The comparison's BubbleUp request runs as given and sees both windows.
    const bubbleup = await fetch(`${server.url}/api/v1/bubbleup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(comparison.bubbleup),
    });
    expect(bubbleup.status).toBe(200);
    const answer = (await bubbleup.json()) as { selected: number; baseline: number; columns: Array<{ field: string }> };
    expect([answer.selected, answer.baseline]).toEqual([expected(after).count, expected(stored.before).count]);
    expect(
      answer.columns
        .slice(0, 2)
        .map((c) => c.field)
        .sort(),
    ).toEqual(['duration_ms', 'service.version']);
  });

  it('records nothing twice after a restart', async () => {
    const dataDir = server.dataDir;
    await server.close();
    server = await startTempServer({ ...engineFlags(), dataDir });
    await post('orders', after.slice(0, 5));
    await post('orders', [{ ...after[0], timeS: T + 1, data: { ...after[0].data, 'service.version': '2.1' } }]);
    expect((await markers()).map((m) => m.message)).toEqual([
      'orders: first service.version 1.0',
      'flag new-checkout: first served variant off (seen in web)',
      'orders: first service.version 2.0',
      'orders: first service.version 2.1',
      'flag new-checkout: first served variant on (seen in web)',
    ]);
  });
});
