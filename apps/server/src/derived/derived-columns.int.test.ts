// Saved derived columns end to end on both engines: saved through the native API, checked
// when saved (cycles, broken expressions), read by every query of their dataset in
// calculations, filters, breakdowns, orders and havings, compared by BubbleUp like any
// column, and each change in the audit log.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import type { BubbleUpResult } from '@flashlight/api';
import { TestClock } from '../clock/test-clock.ts';

const BASE = Math.floor(Date.now() / 1000) - 600;
// Spans and plain events in one dataset; an error is a 5xx status or an exception.
const events = [
  { 'trace.span_id': 'a', name: 'GET /users/1', 'http.status_code': 200, duration_ms: 12.5, 'http.route': '/users/1' },
  { 'trace.span_id': 'b', name: 'GET /users/2', 'http.status_code': 503, duration_ms: 900, 'http.route': '/users/2' },
  { 'trace.span_id': 'c', name: 'POST /orders/7', 'http.status_code': 500, duration_ms: 300, 'http.route': '/orders/7' },
  { message: 'worker crashed', 'exception.type': 'Timeout', duration_ms: 50 },
  { message: 'cache warm', ok: true },
];

// A checkout dataset whose every fourth request (the cart's) is slow: only derived columns
// name the cart as such.
const checkout = Array.from({ length: 80 }, (_, i) => {
  const section = i % 4 === 0 ? 'cart' : i % 2 === 0 ? 'users' : 'orders';
  return {
    data: { 'http.route': `/${section}/${i}`, duration_ms: section === 'cart' ? 800 + i : 20 + (i % 50) },
    time: new Date((BASE + i) * 1000).toISOString(),
  };
});

describe.each(ENGINES)('saved derived columns on %s', (engine) => {
  let server: TempServer;
  // Moved by the test: the trigger is checked when it says.
  const clock = new TestClock(Date.now());
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: string } };
  };
  const save = (alias: string, expression: string) => send('POST', '/api/v1/datasets/shop/derived-columns', { alias, expression });

  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: engine === 'clickhouse' ? 2 : undefined, clock });
    const batch = events.map((data, i) => ({ data, time: new Date((BASE + i) * 1000).toISOString() }));
    expect((await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body: JSON.stringify(batch) })).status).toBe(200);
    expect((await fetch(`${server.url}/1/batch/checkout`, { method: 'POST', body: JSON.stringify(checkout) })).status).toBe(200);
  });
  afterAll(async () => server?.dispose());

  test('a saved column is checked, then stands wherever a column does', async () => {
    expect((await save('is_error', 'OR(GTE($http.status_code, 500), EXISTS($exception.type))')).status).toBe(201);
    expect((await save('area', 'REG_VALUE($http.route, `^/([a-z]+)/`)')).status).toBe(201);
    expect((await save('error ms', 'IF($is_error, $duration_ms)')).status).toBe(201);
    const broken = await save('slow', 'GT($duraton_ms, 100)');
    expect(broken).toEqual({ status: 422, body: { error: 'expression: no column "duraton_ms"; did you mean $duration_ms? at 1:4' } });

    const listed = await send('GET', '/api/v1/datasets/shop/derived-columns');
    expect((listed.body as unknown as { alias: string }[]).map((c) => c.alias)).toEqual(['is_error', 'area', 'error ms']);
    const columns = (await send('GET', '/api/v1/datasets/shop/columns')).body as unknown as { name: string; type: string; expression?: string }[];
    expect(columns.filter((c) => c.expression).map((c) => [c.name, c.type])).toEqual([
      ['is_error', 'boolean'],
      ['area', 'string'],
      ['error ms', 'float'],
    ]);

    const answer = await send('POST', '/api/v1/query', {
      dataset: 'shop',
      query: {
        calculations: [{ op: 'COUNT' }, { op: 'SUM', column: 'error ms' }, { op: 'P50', column: 'error ms' }],
        breakdowns: ['area'],
        filters: [{ column: 'is_error', op: '=', value: true }],
        orders: [{ op: 'SUM', column: 'error ms', order: 'descending' }],
        havings: [{ calculate_op: 'COUNT', op: '>=', value: 1 }],
        start_time: BASE - 60,
        end_time: BASE + 60,
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const results = (answer.body.data as { results: { data: unknown }[] }).results.map((r) => r.data);
    expect(results).toEqual([
      { area: 'users', COUNT: 1, 'SUM(error ms)': 900, 'P50(error ms)': 900 },
      { area: 'orders', COUNT: 1, 'SUM(error ms)': 300, 'P50(error ms)': 300 },
      { area: null, COUNT: 1, 'SUM(error ms)': 50, 'P50(error ms)': 50 },
    ]);
  });

  test('an SLO whose SLI is a derived column, as Honeycomb users write them', async () => {
    expect((await save('sli.fast', 'IF(EXISTS($http.status_code), LT($duration_ms, 500))')).status).toBe(201);
    const slo = await send('POST', '/1/slos/shop', { name: 'fast', sli: { alias: 'sli.fast' }, time_period_days: 7, target_per_million: 990000 });
    expect(slo.status, JSON.stringify(slo.body)).toBe(201);
    const refused = await send('POST', '/1/slos/shop', { name: 'area', sli: { alias: 'area' }, time_period_days: 7, target_per_million: 990000 });
    expect(refused.status).toBe(422);

    // Events without a status are outside the SLI; of the three requests, the one of 900 ms is bad.
    const status = await send('GET', `/api/v1/slos/${slo.body.id}/status`);
    expect(status.body).toMatchObject({ good: 2, total: 3, bad: 1 });
    // The bad events' BubbleUp is a selection on the derived column.
    const bad = await send('POST', '/api/v1/bubbleup', status.body.bad_events);
    expect(bad.body).toMatchObject({ selected: 1, baseline: 2 });
  });

  test('a trigger that filters, groups and aggregates derived columns fires on the scheduler', async () => {
    const trigger = await send('POST', '/api/v1/triggers', {
      name: 'slow errors by area',
      dataset: 'shop',
      query: { calculation: { op: 'MAX', column: 'error ms' }, filters: [{ column: 'is_error', op: '=', value: true }], breakdowns: ['area'] },
      threshold: { op: '>=', value: 500 },
      duration_seconds: 3600,
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(201);
    await clock.advance(60_000);
    // Only the users' errors (900 ms) cross; orders' (300 ms) and the worker's (50 ms, no area) do not.
    expect((await send('GET', `/api/v1/triggers/${trigger.body.id}`)).body.states).toEqual({ '["users"]': 'triggered' });
  });

  test('a change that would close a cycle is refused; changes and deletions are audited', async () => {
    const a = await save('a', '1');
    const b = await save('b', 'SUM($a, 1)');
    const cycle = await send('PUT', `/api/v1/datasets/shop/derived-columns/${a.body.id}`, { alias: 'a', expression: 'SUM($b, 1)' });
    expect(cycle).toEqual({ status: 422, body: { error: 'expression: derived columns refer to each other in a cycle: $a → $b → $a at 1:5' } });
    expect((await send('DELETE', `/api/v1/datasets/shop/derived-columns/${b.body.id}`)).body).toEqual({ deleted: b.body.id });
    const audit = (await send('GET', '/api/v1/audit?limit=3')).body as unknown as { action: string; target: string }[];
    expect(audit.map((e) => [e.action, e.target])).toEqual([
      ['derived_column.delete', `derived_column:${b.body.id}`],
      ['derived_column.create', `derived_column:${b.body.id}`],
      ['derived_column.create', `derived_column:${a.body.id}`],
    ]);
  });

  test('BubbleUp compares derived columns like any other, and a selection may be drawn on one', async () => {
    const saveOn = (alias: string, expression: string) => send('POST', '/api/v1/datasets/checkout/derived-columns', { alias, expression });
    expect((await saveOn('section', 'REG_VALUE($http.route, `^/([a-z]+)/`)')).status).toBe(201);
    expect((await saveOn('in_cart', 'STARTS_WITH($http.route, "/cart")')).status).toBe(201);
    expect((await saveOn('latency_s', 'DIV($duration_ms, 1000)')).status).toBe(201);
    const range = { start_time: BASE - 60, end_time: BASE + 120 };
    const bubbleUp = async (query: unknown, selection: unknown) => {
      const response = await send('POST', '/api/v1/bubbleup', { dataset: 'checkout', query: { ...range, ...(query as object) }, selection });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as unknown as BubbleUpResult;
    };
    const valuesOf = (result: BubbleUpResult, field: string) =>
      result.columns.find((c) => c.field === field)?.values.map(({ value, selected, baseline }) => ({ value, selected, baseline }));

    // Drawn on the heatmap of a derived column: the slow band of latency_s.
    const heatmap = await bubbleUp({ calculations: [{ op: 'HEATMAP', column: 'latency_s' }] }, { filters: [{ column: 'latency_s', op: '>=', value: 0.5 }] });
    expect([heatmap.selected, heatmap.baseline]).toEqual([20, 60]);
    expect(valuesOf(heatmap, 'section')).toEqual(
      expect.arrayContaining([
        { value: 'cart', selected: 1, baseline: 0 },
        { value: 'orders', selected: 0, baseline: 2 / 3 },
      ]),
    );
    expect(valuesOf(heatmap, 'in_cart')).toEqual(expect.arrayContaining([{ value: true, selected: 1, baseline: 0 }]));
    expect(heatmap.columns.find((c) => c.field === 'section')?.score).toBeCloseTo(1, 10);
    expect(heatmap.columns.at(-1)).toMatchObject({ field: 'latency_s', kind: 'buckets', definesSelection: true });

    // The query's own filter and an inline calculated field are derived columns too.
    const inline = await bubbleUp(
      { calculated_fields: [{ name: 'slow', expression: 'GTE($duration_ms, 500)' }], filters: [{ column: 'section', op: '!=', value: 'orders' }] },
      { filters: [{ column: 'slow', op: '=', value: true }] },
    );
    expect([inline.selected, inline.baseline]).toEqual([20, 20]);
    expect(valuesOf(inline, 'section')).toEqual(
      expect.arrayContaining([
        { value: 'cart', selected: 1, baseline: 0 },
        { value: 'users', selected: 0, baseline: 1 },
      ]),
    );
    expect(inline.columns.at(-1)).toMatchObject({ field: 'slow', definesSelection: true });
  });
});
