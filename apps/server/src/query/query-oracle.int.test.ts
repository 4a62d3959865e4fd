// The oracle: events with known distributions go in through the events API of a real
// server; every query's answer must equal the same answer computed directly in JS from
// the generated events (exact for counts, integer sums and percentiles; float sums to
// rounding). It runs once per store engine.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { expectSameAnswer } from '../testing/same-answer.ts';
import { generateEvents, type GeneratedEvent } from './test-fixtures/generated-events.ts';
import { referenceQuery } from './test-fixtures/reference-query.ts';

const HOUR = 3600;
// Whole hours two hours back, so the data is recent and buckets fall on round times.
const T0 = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const shop = generateEvents({ count: 3000, startMs: T0 * 1000, spanMs: HOUR * 1000, seed: 7 });
// A second dataset without http.route or user.id, for queries over every dataset.
const worker = generateEvents({ count: 300, startMs: T0 * 1000, spanMs: HOUR * 1000, seed: 11 }).map((e) => {
  const { 'http.route': _route, 'user.id': _user, ...fields } = e.fields;
  return { ...e, fields: { ...fields, 'service.name': 'worker' } };
});

let server: TempServer;

async function send(dataset: string, events: GeneratedEvent[]) {
  for (let i = 0; i < events.length; i += 500) {
    const batch = events.slice(i, i + 500).map((e) => ({ data: e.fields, time: new Date(e.timeMs).toISOString(), samplerate: e.sampleRate }));
    const response = await fetch(`${server.url}/1/batch/${dataset}`, {
      method: 'POST',
      body: JSON.stringify(batch),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    const statuses = (await response.json()) as { status: number }[];
    expect(statuses.every((s) => s.status === 202)).toBe(true);
  }
}

async function query(dataset: string, spec: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset, query: spec }) });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return (body as { data: unknown }).data;
}

const range = { start_time: T0, end_time: T0 + HOUR, granularity: 300 };
const everyCalculation = [
  { op: 'COUNT' },
  { op: 'CONCURRENCY' },
  { op: 'SUM', column: 'duration_ms' },
  { op: 'SUM', column: 'db.rows' },
  { op: 'AVG', column: 'duration_ms' },
  { op: 'MIN', column: 'duration_ms' },
  { op: 'MAX', column: 'http.status_code' },
  { op: 'COUNT_DISTINCT', column: 'user.id' },
  { op: 'HEATMAP', column: 'duration_ms' },
  ...['P001', 'P01', 'P05', 'P10', 'P20', 'P25', 'P50', 'P75', 'P80', 'P90', 'P95', 'P99', 'P999'].map((op) => ({ op, column: 'duration_ms' })),
  { op: 'RATE_AVG', column: 'duration_ms' },
  { op: 'RATE_SUM', column: 'db.rows' },
  { op: 'RATE_MAX', column: 'duration_ms' },
];

const cases: [string, string, Record<string, unknown>][] = [
  ['every calculation, no breakdown', 'shop', { calculations: everyCalculation }],
  ['every calculation by service', 'shop', { calculations: everyCalculation, breakdowns: ['service.name'] }],
  [
    'P99 by route and status, top 5 by P99',
    'shop',
    {
      calculations: [{ op: 'P99', column: 'duration_ms' }, { op: 'COUNT' }],
      breakdowns: ['http.route', 'http.status_code'],
      orders: [{ op: 'P99', column: 'duration_ms', order: 'descending' }],
      limit: 5,
    },
  ],
  [
    'high-cardinality breakdown, ordered by the breakdown, limited',
    'shop',
    {
      calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'duration_ms' }],
      breakdowns: ['user.id'],
      orders: [{ column: 'user.id', order: 'descending' }],
      limit: 20,
    },
  ],
  [
    'havings on COUNT and P50',
    'shop',
    {
      calculations: [{ op: 'COUNT' }, { op: 'P50', column: 'duration_ms' }],
      breakdowns: ['user.id'],
      havings: [
        { calculate_op: 'COUNT', op: '>=', value: 15 },
        { calculate_op: 'P50', column: 'duration_ms', op: '<', value: 80 },
      ],
      orders: [{ op: 'COUNT', order: 'ascending' }],
    },
  ],
  [
    'percentiles of two columns, with havings on both',
    'shop',
    {
      calculations: [{ op: 'P75', column: 'db.rows' }, { op: 'P10', column: 'duration_ms' }, { op: 'P90', column: 'duration_ms' }, { op: 'COUNT' }],
      breakdowns: ['service.name', 'http.status_code'],
      havings: [
        { calculate_op: 'P75', column: 'db.rows', op: '>=', value: 30 },
        { calculate_op: 'P90', column: 'duration_ms', op: '>', value: 50 },
      ],
      orders: [{ op: 'P10', column: 'duration_ms', order: 'descending' }],
    },
  ],
  ['= and != on an integer', 'shop', { filters: [{ column: 'http.status_code', op: '=', value: 500 }], breakdowns: ['service.name'] }],
  ['!= keeps events without the field', 'shop', { filters: [{ column: 'db.rows', op: '!=', value: 3 }], calculations: [{ op: 'COUNT' }] }],
  [
    '> and <= on a float',
    'shop',
    {
      filters: [
        { column: 'duration_ms', op: '>', value: 100 },
        { column: 'duration_ms', op: '<=', value: 400 },
      ],
      calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'duration_ms' }],
    },
  ],
  [
    '>= and < on an integer',
    'shop',
    {
      filters: [
        { column: 'db.rows', op: '>=', value: 10 },
        { column: 'db.rows', op: '<', value: 20 },
      ],
      calculations: [{ op: 'SUM', column: 'db.rows' }],
    },
  ],
  [
    'starts-with and does-not-start-with',
    'shop',
    {
      filters: [
        { column: 'http.route', op: 'starts-with', value: '/c' },
        { column: 'user.id', op: 'does-not-start-with', value: 'user-1' },
      ],
      breakdowns: ['http.route'],
    },
  ],
  [
    'ends-with and does-not-end-with',
    'shop',
    {
      filters: [
        { column: 'http.route', op: 'ends-with', value: 's' },
        { column: 'user.id', op: 'does-not-end-with', value: '1' },
      ],
      breakdowns: ['http.route'],
    },
  ],
  [
    'contains OR does-not-contain',
    'shop',
    {
      filter_combination: 'OR',
      filters: [
        { column: 'http.route', op: 'contains', value: 'item' },
        { column: 'service.name', op: 'does-not-contain', value: 'e' },
      ],
      breakdowns: ['service.name', 'http.route'],
    },
  ],
  ['exists and does-not-exist', 'shop', { filters: [{ column: 'db.rows', op: 'exists' }], calculations: [{ op: 'COUNT' }, { op: 'P90', column: 'db.rows' }] }],
  ['does-not-exist', 'shop', { filters: [{ column: 'db.rows', op: 'does-not-exist' }], breakdowns: ['http.route'] }],
  [
    'in and not-in',
    'shop',
    {
      filters: [
        { column: 'http.status_code', op: 'in', value: [404, 500] },
        { column: 'service.name', op: 'not-in', value: ['search'] },
      ],
      breakdowns: ['http.status_code'],
    },
  ],
  [
    'a boolean filter and breakdown',
    'shop',
    {
      filters: [{ column: 'error', op: '=', value: true }],
      breakdowns: ['error', 'service.name'],
      calculations: [{ op: 'COUNT' }, { op: 'P95', column: 'duration_ms' }],
    },
  ],
  [
    'fine granularity over a range that starts mid-bucket',
    'shop',
    {
      start_time: T0 + 613,
      end_time: T0 + 1213,
      granularity: 10,
      calculations: [{ op: 'COUNT' }, { op: 'RATE_SUM', column: 'duration_ms' }],
      breakdowns: ['service.name'],
    },
  ],
  [
    'every dataset: a field one dataset lacks groups as null',
    '__all__',
    { breakdowns: ['http.route'], calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'duration_ms' }] },
  ],
  [
    'every dataset by service',
    '__all__',
    {
      breakdowns: ['service.name'],
      calculations: [
        { op: 'COUNT_DISTINCT', column: 'user.id' },
        { op: 'HEATMAP', column: 'duration_ms' },
        { op: 'P50', column: 'duration_ms' },
      ],
    },
  ],
];

describe.each(ENGINES)('on %s, query answers equal the same answers computed from the generated events', (engine) => {
  beforeAll(async () => {
    server = await startTempServerOn(engine);
    await send('shop', shop);
    await send('worker', worker);
  });

  afterAll(async () => server?.dispose());

  test.each(cases)('%s', async (_title, dataset, spec) => {
    const events = dataset === 'shop' ? shop : [...shop, ...worker];
    const fullSpec = { ...range, ...spec };
    const expected = referenceQuery(fullSpec as Parameters<typeof referenceQuery>[0], events);
    expectSameAnswer(await query(dataset, fullSpec), expected);
  });

  test('the sample rate counts: COUNT is the weighted count, COUNT_DISTINCT is not weighted', async () => {
    const data = (await query('shop', { ...range, calculations: [{ op: 'COUNT' }] })) as { results: { data: { COUNT: number } }[] };
    expect(data.results[0].data.COUNT).toBe(shop.reduce((sum, e) => sum + e.sampleRate, 0));
    expect(data.results[0].data.COUNT).toBeGreaterThan(shop.length * 2);
  });
});
