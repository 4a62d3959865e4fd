// Far timestamps are refused one event at a time, through every ingest path, with the
// window in the answer; the rest of the request is stored. On DuckDB and on a two-shard
// ClickHouse cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { readEvents } from '../store/read-events.ts';

const json = { 'content-type': 'application/json' };
const DAY_MS = 86_400_000;

describe.each([
  ['DuckDB', 'duckdb', 1],
  ['a two-shard ClickHouse cluster', 'clickhouse', 2],
] as const)('event times outside the accepted window on %s', (_, engine, shards) => {
  let server: TempServer;

  beforeAll(async () => {
    server = await startTempServerOn(engine, { maxEventAge: '30d' }, { shards });
  });
  afterAll(async () => server?.dispose());

  it('are refused per item in a batch, the others stored', async () => {
    const now = Date.now();
    const items = [
      { time: '0001-01-01T00:00:00Z', data: { n: 1 } },
      { time: '9999-12-31T23:59:59Z', data: { n: 2 } },
      { time: new Date(now - 40 * DAY_MS).toISOString(), data: { n: 3 } },
      { time: new Date(now + 2 * DAY_MS).toISOString(), data: { n: 4 } },
      { time: new Date(now - 60_000).toISOString(), data: { n: 5 } },
    ];
    const response = await fetch(`${server.url}/1/batch/times`, { method: 'POST', headers: json, body: JSON.stringify(items) });
    expect(response.status).toBe(200);
    const statuses = (await response.json()) as Array<{ status: number; error?: string }>;
    expect(statuses.map((s) => s.status)).toEqual([400, 400, 400, 400, 202]);
    expect(statuses[0].error).toMatch(/^time 0001-01-01T00:00:00.000Z is outside the accepted window, after \d{4}-.* until \d{4}-/);
    expect(statuses[1].error).toMatch(/^time 9999-12-31T23:59:59.000Z is outside/);
    expect((await readEvents(server.store, 'default', 'times')).map((e) => e.fields.n)).toEqual([5]);
  });

  it('refuse a single event with a 400 that names the time', async () => {
    const response = await fetch(`${server.url}/1/events/times`, {
      method: 'POST',
      headers: { ...json, 'x-honeycomb-event-time': '9999-01-01T00:00:00Z' },
      body: '{"n": 6}',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('time 9999-01-01T00:00:00.000Z is outside the accepted window');
  });

  it('reject OTLP spans that start or end outside it; an end before the start is a duration of 0', async () => {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const span = (id: number, start: bigint, end: bigint) => ({
      traceId: 'ab'.repeat(16),
      spanId: id.toString(16).padStart(16, '0'),
      name: `span ${id}`,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(end),
    });
    const spans = [
      span(1, 0n, nowNs),
      span(2, 16_725_225_600_000_000_000n, 16_725_225_600_000_000_000n), // 2500-01-01
      span(3, nowNs, 2n ** 64n - 1n),
      span(4, nowNs, nowNs - 5_000_000n),
      span(5, nowNs, nowNs + 5_000_000n),
    ];
    const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'clocks' } }] }, scopeSpans: [{ spans }] }] };
    const response = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: json, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    const { partialSuccess } = (await response.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(partialSuccess.rejectedSpans).toBe('3');
    expect(partialSuccess.errorMessage).toMatch(
      /^3 spans rejected: start time 1970-01-01T00:00:00.000Z is outside the accepted window, .*; start time 2500-01-01T00:00:00.000Z is outside .*; end time 2554-07-21T23:34:33.709Z is outside/,
    );
    const stored = await readEvents(server.store, 'default', 'clocks');
    expect(stored.map((e) => [e.fields.name, e.fields.duration_ms]).sort()).toEqual([
      ['span 4', 0],
      ['span 5', 5],
    ]);
  });

  it('reject OTLP log records the same way', async () => {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'clocks' } }] },
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: '16725225600000000000', body: { stringValue: 'far' } },
                { timeUnixNano: String(nowNs), body: { stringValue: 'near' } },
              ],
            },
          ],
        },
      ],
    };
    const response = await fetch(`${server.url}/v1/logs`, { method: 'POST', headers: json, body: JSON.stringify(body) });
    const { partialSuccess } = (await response.json()) as { partialSuccess: { rejectedLogRecords: string; errorMessage: string } };
    expect(partialSuccess.rejectedLogRecords).toBe('1');
    expect(partialSuccess.errorMessage).toMatch(/^1 log records rejected: time 2500-01-01T00:00:00.000Z is outside/);
  });
});
