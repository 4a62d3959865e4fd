// The per-entity oracle: generated sessions go in through the events API of a real server
// (on ClickHouse, a cluster of two shards, so a session's events are spread over both);
// every `per` query's answer must equal the one computed in JS by the definition
// (test-fixtures/reference-per-query.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { expectSameAnswer } from '../testing/same-answer.ts';
import type { GeneratedEvent } from './test-fixtures/generated-events.ts';
import { generateSessions } from './test-fixtures/generated-sessions.ts';
import { referencePerQuery, type PerSpec } from './test-fixtures/reference-per-query.ts';

const HOUR = 3600;
const T0 = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const { web, browser } = generateSessions({ sessions: 150, startMs: T0 * 1000, spanMs: HOUR * 1000, seed: 23 });
const range = { start_time: T0, end_time: T0 + HOUR, granularity: 600 };

const sessionsOf = (calculations: NonNullable<PerSpec['per']['calculations']>) => ({ breakdowns: ['session.id'], calculations });
const cases: [string, string, Omit<PerSpec, keyof typeof range>][] = [
  [
    "how many sessions made more than 3 calls, by build; P95 across them of each one's median",
    'web',
    {
      per: {
        breakdowns: ['session.id', 'app.version'],
        calculations: [
          { op: 'COUNT', name: 'calls' },
          { op: 'P50', column: 'duration_ms', name: 'p50' },
        ],
      },
      calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'calls' }, { op: 'P95', column: 'p50' }],
      filters: [{ column: 'calls', op: '>', value: 3 }],
      breakdowns: ['app.version'],
    },
  ],
  [
    'every calculation over every kind of per column',
    'web',
    {
      per: sessionsOf([
        { op: 'COUNT', name: 'calls' },
        { op: 'SUM', column: 'duration_ms', name: 'total_ms' },
        { op: 'AVG', column: 'duration_ms', name: 'mean_ms' },
        { op: 'MIN', column: 'duration_ms', name: 'fastest' },
        { op: 'MAX', column: 'http.status_code', name: 'worst' },
        { op: 'COUNT_DISTINCT', column: 'name', name: 'routes' },
        { op: 'P10', column: 'duration_ms', name: 'p10' },
        { op: 'P90', column: 'duration_ms', name: 'p90' },
      ]),
      calculations: [
        { op: 'COUNT' },
        { op: 'SUM', column: 'calls' },
        { op: 'AVG', column: 'total_ms' },
        { op: 'MIN', column: 'mean_ms' },
        { op: 'MAX', column: 'fastest' },
        { op: 'COUNT_DISTINCT', column: 'worst' },
        { op: 'P50', column: 'routes' },
        { op: 'P99', column: 'p90' },
        { op: 'P01', column: 'p10' },
        { op: 'HEATMAP', column: 'calls' },
      ],
    },
  ],
  [
    'per filters (spans that failed OR of one route), grouped by a per count, havings and order',
    'web',
    {
      per: {
        ...sessionsOf([{ op: 'COUNT', name: 'failures' }]),
        filters: [
          { column: 'error', op: '=', value: true },
          { column: 'name', op: '=', value: 'POST /api/checkout' },
        ],
        filter_combination: 'OR',
      },
      calculations: [{ op: 'COUNT' }, { op: 'P50', column: 'failures' }],
      breakdowns: ['failures'],
      havings: [{ calculate_op: 'COUNT', op: '>=', value: 2 }],
      orders: [{ column: 'failures', order: 'descending' }],
    },
  ],
  [
    'sessions of the beta build with more than 10 calls, by session, top 5',
    'web',
    {
      per: {
        ...sessionsOf([
          { op: 'COUNT', name: 'calls' },
          { op: 'MAX', column: 'duration_ms', name: 'slowest' },
        ]),
        filters: [{ column: 'app.version', op: 'starts-with', value: '5.3' }],
      },
      calculations: [
        { op: 'MAX', column: 'calls' },
        { op: 'SUM', column: 'slowest' },
      ],
      filters: [{ column: 'calls', op: '>', value: 10 }],
      breakdowns: ['session.id'],
      orders: [{ op: 'MAX', column: 'calls', order: 'descending' }],
      limit: 5,
    },
  ],
  [
    'every dataset: a session meets its spans and its log events, missing builds group as null',
    '__all__',
    {
      per: {
        breakdowns: ['session.id', 'app.version'],
        calculations: [
          { op: 'COUNT', name: 'events' },
          { op: 'MAX', column: 'scroll.depth', name: 'deepest' },
          { op: 'P75', column: 'duration_ms', name: 'p75' },
        ],
      },
      calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'events' }, { op: 'AVG', column: 'deepest' }, { op: 'P50', column: 'p75' }],
      breakdowns: ['app.version'],
    },
  ],
  [
    'sessions without a calculation: counted per build, with a fine series',
    '__all__',
    { per: { breakdowns: ['session.id', 'app.version'] }, breakdowns: ['app.version'], granularity: 60 } as Omit<PerSpec, keyof typeof range>,
  ],
];

let server: TempServer;

async function send(dataset: string, events: GeneratedEvent[]) {
  const batch = events.map((e) => ({ data: e.fields, time: new Date(e.timeMs).toISOString(), samplerate: e.sampleRate }));
  const response = await fetch(`${server.url}/1/batch/${dataset}`, {
    method: 'POST',
    body: JSON.stringify(batch),
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { status: number }[]).every((s) => s.status === 202)).toBe(true);
}

async function query(dataset: string, spec: object) {
  const response = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset, query: spec }) });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return (body as { data: unknown }).data;
}

describe.each(ENGINES)('on %s, per queries equal the answers computed from the generated sessions', (engine) => {
  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: 2 });
    await send('web', web);
    await send('browser', browser);
  });

  afterAll(async () => server?.dispose());

  test.each(cases)('%s', async (_title, dataset, spec) => {
    const events = dataset === 'web' ? web : [...web, ...browser];
    const fullSpec = { ...range, ...spec } as PerSpec;
    const expected = referencePerQuery(fullSpec, events);
    expect(expected.results.length).toBeGreaterThan(0);
    expectSameAnswer(await query(dataset, fullSpec), expected);
  });

  test('a derived column works inside the block as the field it stands for', async () => {
    const per = { breakdowns: ['session.id'], calculations: [{ op: 'COUNT', name: 'slow_calls' }] };
    const asked = { ...range, per: { ...per, filters: [{ column: 'slow', op: '=', value: true }] }, calculations: [{ op: 'AVG', column: 'slow_calls' }] };
    const derived = { ...asked, calculated_fields: [{ name: 'slow', expression: 'GT($duration_ms, 100)' }] };
    const plain = { ...asked, per: { ...per, filters: [{ column: 'duration_ms', op: '>', value: 100 }] } };
    expectSameAnswer(await query('web', derived), referencePerQuery(plain, web));
  });

  test('an unknown column outside the block is refused, naming the per columns there are', async () => {
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      body: JSON.stringify({
        dataset: 'web',
        query: { ...range, per: sessionsOf([{ op: 'COUNT', name: 'calls' }]), calculations: [{ op: 'AVG', column: 'duration_ms' }] },
      }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('no column \\"duration_ms\\" among the per-entity columns (\\"session.id\\", \\"calls\\")');
  });
});
