// The relational oracle: traces spread over one dataset per service (with plain events,
// span events and log records beside the spans) go in through the events API; every
// query with root., parent., any. or none. fields must answer what the same question
// computed in JS answers. Once on DuckDB, once on the two-shard ClickHouse cluster.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { expectSameAnswer } from '../testing/same-answer.ts';
import { generateTraces, TRACE_SERVICES, type DatasetEvent } from './test-fixtures/generated-traces.ts';
import { referenceRelationalQuery, referenceTraceResults, relationalRows, type RelationalSpec } from './test-fixtures/reference-relational.ts';
import type { Spec } from './test-fixtures/reference-query.ts';
import type { FieldValue } from '../events/wide-event.ts';

const HOUR = 3600;
const T0 = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const events = generateTraces({ traces: 150, startMs: T0 * 1000, spanMs: HOUR * 1000, seed: 22 });
const range = { start_time: T0, end_time: T0 + HOUR, granularity: 600 };

let server: TempServer;

async function send(dataset: string, batch: DatasetEvent[]) {
  const body = batch.map((e) => ({ data: e.fields, time: new Date(e.timeMs).toISOString(), samplerate: e.sampleRate }));
  const response = await fetch(`${server.url}/1/batch/${dataset}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status).toBe(200);
}

async function post(dataset: string, spec: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify({ dataset, query: spec }) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; error?: string } };
}

const f = (column: string, op: string, value?: FieldValue | FieldValue[]) => ({ column, op, ...(value === undefined ? {} : { value }) });

const cases: [string, string, Omit<RelationalSpec, 'start_time' | 'end_time' | 'granularity'>][] = [
  ['root. filter', 'orders', { filters: [f('root.name', '=', 'GET /checkout')], breakdowns: ['name'] }],
  [
    'root. filters hold on the one root together',
    'payments',
    { filters: [f('root.app.team', '=', 'megacorp'), f('root.name', 'starts-with', 'GET')], breakdowns: ['name'] },
  ],
  ['root. negated filter needs a root', 'search', { filters: [f('root.app.team', '!=', 'megacorp')], breakdowns: ['service.name'] }],
  ['parent. filter', 'payments', { filters: [f('parent.service.name', '=', 'web')], breakdowns: ['name'] }],
  [
    'parent. with an own filter',
    'orders',
    {
      filters: [f('parent.name', 'in', ['db query', 'render']), f('duration_ms', '>', 100)],
      calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'duration_ms' }],
    },
  ],
  ['any. filter', 'payments', { filters: [f('any.vendor.outcome', '=', 'fallback')], breakdowns: ['name'] }],
  ['any. filters hold on one span together', 'web', { filters: [f('any.service.name', '=', 'payments'), f('any.error', '=', true)], breakdowns: ['name'] }],
  ['none. filter', 'orders', { filters: [f('none.error', '=', true)], breakdowns: ['service.name'] }],
  ['none. finds traces without a root', 'web', { filters: [f('none.trace.parent_id', 'does-not-exist')], calculations: [{ op: 'COUNT' }] }],
  [
    'every prefix at once',
    'payments',
    {
      filters: [
        f('root.service.name', '=', 'web'),
        f('parent.duration_ms', '>=', 50),
        f('any.name', '=', 'db query'),
        f('none.vendor.outcome', '=', 'timeout'),
      ],
      calculations: [{ op: 'COUNT' }],
    },
  ],
  [
    'grouped by root. and parent.',
    'payments',
    { breakdowns: ['root.name', 'parent.service.name'], calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'duration_ms' }] },
  ],
  [
    'grouped by root. over every dataset, filtered by any.',
    '__all__',
    { filters: [f('any.vendor.outcome', 'exists')], breakdowns: ['root.app.team', 'service.name'] },
  ],
  ['grouped by parent. with missing parents and roots', 'orders', { filters: [f('parent.name', 'does-not-exist')], breakdowns: ['parent.name', 'name'] }],
  ['has a child', 'web', { has: [{ relation: 'child', filters: [f('name', '=', 'db query')] }], breakdowns: ['name'] }],
  [
    'has a descendant',
    'web',
    { has: [{ relation: 'descendant', filters: [f('service.name', '=', 'payments'), f('error', '=', true)] }], calculations: [{ op: 'COUNT' }] },
  ],
  ['has a sibling', 'orders', { has: [{ relation: 'sibling', filters: [f('name', '=', 'cache get')] }], breakdowns: ['name'] }],
  [
    'nested: a descendant with a child, beside a root. filter',
    '__all__',
    {
      filters: [f('root.name', '!=', 'GET /')],
      has: [
        {
          relation: 'descendant',
          filters: [f('name', 'in', ['render', 'ecommerce price'])],
          has: [{ relation: 'child', filters: [f('vendor.outcome', 'exists')] }],
        },
      ],
      breakdowns: ['service.name'],
    },
  ],
];

describe.each(ENGINES)('on %s, relational fields answer what the traces computed in JS answer', (engine) => {
  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: 2 });
    for (const service of TRACE_SERVICES)
      await send(
        service,
        events.filter((e) => e.dataset === service),
      );
    await send('audit', [{ dataset: 'audit', timeMs: T0 * 1000 + 1000, sampleRate: 1, fields: { action: 'login' } }]);
  });

  afterAll(async () => server?.dispose());

  test.each(cases)('%s', async (_title, dataset, spec) => {
    const full = { ...range, ...spec };
    const { status, body } = await post(dataset, full);
    expect(status, JSON.stringify(body)).toBe(200);
    expectSameAnswer(body.data, referenceRelationalQuery(full as RelationalSpec, events, dataset));
  });

  test.each([
    ['a relational filter', 'payments', [f('any.vendor.outcome', '=', 'fallback')]],
    ['own and root. filters over every dataset', '__all__', [f('name', '=', 'db query'), f('root.app.team', '=', 'megacorp')]],
  ] as const)('traces instead of events: %s', async (_title, dataset, filters) => {
    const spec = { ...range, filters, results: 'traces', limit: 20 };
    const { status, body } = await post(dataset, spec);
    expect(status, JSON.stringify(body)).toBe(200);
    const traces = (body.data as { traces: { matchingSpanIds: string[] }[] }).traces.map((t) => ({ ...t, matchingSpanIds: [...t.matchingSpanIds].sort() }));
    const expected = referenceTraceResults(spec as unknown as Spec, events, dataset);
    expect(expected.length).toBeGreaterThan(3);
    expectSameAnswer(traces, expected);
  });

  test('raw events mode keeps only the events whose trace passes the relational filters', async () => {
    const spec = { ...range, filters: [f('any.vendor.outcome', '=', 'fallback'), f('parent.service.name', 'exists')], limit: 1000 };
    const { status, body } = await post('payments', spec);
    expect(status, JSON.stringify(body)).toBe(200);
    const shown = (body.data as { results: { data: Record<string, unknown> }[] }).results.map(
      (r) => `${String(r.data['trace.span_id'])} ${String(r.data.name)}`,
    );
    const expected = relationalRows(events, 'payments', spec as Spec).rows.map((e) => `${String(e.fields['trace.span_id'])} ${String(e.fields.name)}`);
    expect(expected.length).toBeGreaterThan(3);
    expect(shown.sort()).toEqual(expected.sort());
  });

  test('relational fields where they mean nothing are refused with the reason', async () => {
    const refused = async (dataset: string, spec: Record<string, unknown>) => {
      const { status, body } = await post(dataset, { ...range, ...spec });
      expect(status).toBe(400);
      return body.error;
    };
    expect(await refused('orders', { breakdowns: ['any.name'] })).toMatch(/only root\. and parent\. fields can be breakdowns/);
    expect(await refused('orders', { filters: [f('root.name', '=', 'x'), f('name', '=', 'y')], filter_combination: 'OR' })).toMatch(/filter_combination AND/);
    expect(await refused('orders', { calculations: [{ op: 'MAX', column: 'root.duration_ms' }] })).toMatch(/not calculated/);
    expect(await refused('audit', { filters: [f('root.name', '=', 'x')] })).toMatch(/dataset "audit" has no trace\.trace_id/);
    expect(await refused('orders', { filters: [f('root.nope', '=', 'x')] })).toMatch(/no column "nope"/);
    expect(await refused('orders', { results: 'traces', calculations: [{ op: 'COUNT' }] })).toMatch(/takes no calculations/);
    expect(await refused('orders', { has: [{ relation: 'child' }], filter_combination: 'OR' })).toMatch(/has needs filter_combination AND/);
    expect(await refused('orders', { has: [{ relation: 'child', filters: [f('nope', '=', 1)] }] })).toMatch(/has\[0\]\.filters\[0\]\.column: no column "nope"/);
    expect(await refused('orders', { has: [{ relation: 'cousin' }] })).toMatch(/has\[0\]\.relation/);
    expect(await refused('audit', { results: 'traces' })).toMatch(/dataset "audit" has no trace\.trace_id/);
  });
});
