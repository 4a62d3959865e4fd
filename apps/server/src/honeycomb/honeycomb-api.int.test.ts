// The Honeycomb REST API on a real server: every endpoint with bodies shaped as
// Honeycomb's public API reference gives them, answers compared key by key, and the
// refusals (derived columns, burn alert changes, unsupported options) in its error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';
import { TestClock } from '../clock/test-clock.ts';
import { expectSameShape } from './test-fixtures/same-shape.ts';
import * as bodies from './test-fixtures/honeycomb-bodies.ts';

let server: TempServer;
// The server's time, moved by the test where time is the point.
const clock = new TestClock(Date.now());
const NOW_S = Math.floor(clock.now() / 1000);

async function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-honeycomb-team': 'ignored-in-open-mode' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

async function expectProblem(answer: { status: number; body: unknown; headers: Headers }, status: number, message: RegExp) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expectSameShape(answer.body, bodies.PROBLEM);
  expect((answer.body as { error: string }).error).toMatch(message);
}

beforeAll(async () => {
  server = await startMemoryServer({ grpcPort: 'off' }, { clock });
  // Spans and plain events in one dataset, with a field of every type.
  const events = Array.from({ length: 40 }, (_, i) => ({
    time: new Date((NOW_S - 600 + i * 10) * 1000).toISOString(),
    data: {
      'service.name': i % 2 === 0 ? 'checkout' : 'cart',
      duration_ms: 10.5 + i * 10,
      'http.status_code': i % 7 === 0 ? 500 : 200,
      'sli.checkout_ok': i % 7 !== 0,
      ...(i % 4 === 0 ? { 'trace.trace_id': `t${i}`, 'trace.span_id': `s${i}`, name: 'POST /checkout' } : { message: 'cart updated' }),
    },
  }));
  const batch = await send('POST', '/1/batch/checkout', events);
  expect(batch.body.every((s: { status: number }) => s.status === 202)).toBe(true);
});
afterAll(async () => server?.dispose());

describe('the Honeycomb REST API', () => {
  it('GET /1/auth answers who the key is and what it may do', async () => {
    const auth = await send('GET', '/1/auth');
    expect(auth.status).toBe(200);
    expectSameShape(auth.body, bodies.AUTH);
  });

  it('datasets: list, get, create (idempotent) and update', async () => {
    const created = await send('POST', '/1/datasets', { ...bodies.DATASET_CREATE, name: 'payments' });
    expect(created.status).toBe(201);
    expectSameShape(created.body, bodies.DATASET);
    expect(created.body).toMatchObject({
      name: 'payments',
      slug: 'payments',
      description: 'the checkout service',
      last_written_at: null,
      regular_columns_count: 0,
    });
    expect((await send('POST', '/1/datasets', { name: 'payments' })).status, 'an existing dataset answers 200').toBe(200);

    const list = await send('GET', '/1/datasets');
    expectSameShape(list.body, [bodies.DATASET]);
    expect(list.body.map((d: { name: string }) => d.name).sort()).toEqual(['checkout', 'payments']);
    const checkout = await send('GET', '/1/datasets/checkout');
    expectSameShape(checkout.body, bodies.DATASET);
    expect(checkout.body.regular_columns_count).toBeGreaterThanOrEqual(8);
    expect(checkout.body.last_written_at).toEqual(expect.any(String));

    const updated = await send('PUT', '/1/datasets/checkout', { description: 'where orders are paid' });
    expect(updated.body.description).toBe('where orders are paid');
    await expectProblem(await send('GET', '/1/datasets/nope'), 404, /Dataset not found/);
    await expectProblem(await send('POST', '/1/datasets', { name: 'x', expand_json_depth: 3 }), 422, /^expand_json_depth: /);
  });

  it('columns: list, find by key_name, create, update, get, delete or hide', async () => {
    const list = await send('GET', '/1/columns/checkout');
    expectSameShape(list.body, [bodies.COLUMN]);
    const types = Object.fromEntries(list.body.map((c: { key_name: string; type: string }) => [c.key_name, c.type]));
    expect(types).toMatchObject({ 'service.name': 'string', duration_ms: 'float', 'http.status_code': 'integer', 'sli.checkout_ok': 'boolean' });
    const duration = await send('GET', '/1/columns/checkout?key_name=duration_ms');
    expectSameShape(duration.body, bodies.COLUMN);

    const created = await send('POST', '/1/columns/checkout', bodies.COLUMN_CREATE);
    expect(created.status).toBe(201);
    expectSameShape(created.body, bodies.COLUMN);
    expect(created.body).toMatchObject(bodies.COLUMN_CREATE);
    await expectProblem(await send('POST', '/1/columns/checkout', bodies.COLUMN_CREATE), 409, /already exists/);

    const updated = await send('PUT', `/1/columns/checkout/${created.body.id}`, { description: 'the team', hidden: true });
    expectSameShape(updated.body, bodies.COLUMN);
    expect(updated.body).toMatchObject({ key_name: 'app.team', description: 'the team', hidden: true });
    expect((await send('GET', `/1/columns/checkout/${created.body.id}`)).body).toEqual(updated.body);

    await expectProblem(await send('PUT', `/1/columns/checkout/${duration.body.id}`, { type: 'string' }), 422, /^type: .*follows its data/);
    expect((await send('DELETE', `/1/columns/checkout/${created.body.id}`)).status).toBe(204);
    await expectProblem(await send('GET', `/1/columns/checkout/${created.body.id}`), 404, /Column not found/);
    const hidden = await send('DELETE', `/1/columns/checkout/${duration.body.id}`);
    expect(hidden.status).toBe(204);
    expect(hidden.headers.get('x-flashlight-warning')).toMatch(/hidden instead/);
    expect((await send('GET', `/1/columns/checkout/${duration.body.id}`)).body.hidden).toBe(true);
  });

  it('markers and marker settings: create, list, update, delete; a marker takes its type’s colour', async () => {
    const setting = await send('POST', '/1/marker_settings/checkout', bodies.MARKER_SETTING_CREATE);
    expect(setting.status).toBe(201);
    expectSameShape(setting.body, bodies.MARKER_SETTING);
    expectSameShape((await send('GET', '/1/marker_settings/checkout')).body, [bodies.MARKER_SETTING]);

    const created = await send('POST', '/1/markers/checkout', bodies.MARKER_CREATE);
    expect(created.status).toBe(201);
    expectSameShape(created.body, bodies.MARKER);
    expect(created.body).toMatchObject({ ...bodies.MARKER_CREATE, color: '#DF4661' });
    const now = await send('POST', '/1/markers/__all__', { message: 'flag flip', type: 'flag' });
    expect(now.body.start_time).toBeGreaterThanOrEqual(NOW_S);
    expect(now.body).not.toHaveProperty('end_time');

    const list = await send('GET', '/1/markers/checkout');
    expectSameShape(list.body, [bodies.MARKER]);
    expect(list.body.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
    expect((await send('GET', '/1/markers/__all__')).body.map((m: { id: string }) => m.id)).toEqual([now.body.id]);
    // The native API sees the same marker.
    expect(((await send('GET', '/api/v1/markers?dataset=checkout')).body as { id: string }[]).map((m) => m.id)).toContain(created.body.id);

    const recolored = await send('PUT', `/1/marker_settings/checkout/${setting.body.id}`, { type: 'deploy', color: '#00FF00' });
    expectSameShape(recolored.body, bodies.MARKER_SETTING);
    const updated = await send('PUT', `/1/markers/checkout/${created.body.id}`, { message: 'backend deploy #124' });
    expectSameShape(updated.body, bodies.MARKER);
    expect(updated.body).toMatchObject({ message: 'backend deploy #124', type: 'deploy', start_time: bodies.MARKER_CREATE.start_time, color: '#00FF00' });

    const deleted = await send('DELETE', `/1/markers/checkout/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.id).toBe(created.body.id);
    await expectProblem(await send('DELETE', `/1/markers/checkout/${created.body.id}`), 404, /Marker not found/);
    expect((await send('DELETE', `/1/marker_settings/checkout/${setting.body.id}`)).status).toBe(204);
    await expectProblem(await send('POST', '/1/markers/checkout', { start_time: 1_767_322_800_000 }), 422, /^start_time: .*milliseconds/);
    await expectProblem(await send('POST', '/1/markers/checkout', { url: 'javascript:alert(1)' }), 422, /^url: /);
  });

  it('queries and query results: a saved spec runs, and polling answers the same result', async () => {
    // Absolute times, so that the native answer below is over the same window.
    const { time_range: _relative, ...absolute } = bodies.QUERY_CREATE;
    const spec = { ...absolute, start_time: NOW_S - 900, end_time: NOW_S + 60 };
    const query = await send('POST', '/1/queries/checkout', spec);
    expect(query.status).toBe(200);
    expectSameShape(query.body, { id: 'qU3rY1d', ...spec });
    expect((await send('GET', `/1/queries/checkout/${query.body.id}`)).body).toEqual(query.body);

    const run = await send('POST', '/1/query_results/checkout', { ...bodies.QUERY_RESULT_CREATE, query_id: query.body.id });
    expect(run.status).toBe(201);
    expectSameShape(run.body, { ...bodies.QUERY_RESULT, query: query.body });
    expect(run.body.complete).toBe(true);
    expect(run.body.data.results.map((r: { data: Record<string, unknown> }) => r.data['service.name'])).toEqual(['cart', 'checkout']);
    const link = new URL(run.body.links.query_url);
    expect(link.searchParams.get('dataset')).toBe('checkout');
    expect(JSON.parse(link.searchParams.get('query')!)).toEqual(spec);

    const polled = await send('GET', `/1/query_results/checkout/${run.body.id}`);
    expect(polled.body).toEqual(run.body);
    const noSeries = await send('POST', '/1/query_results/checkout', { query_id: query.body.id, disable_series: true });
    expect(noSeries.body.data.series).toEqual([]);

    // Every dataset of the environment at once, and a declared dataset before its first event.
    const everywhere = await send('POST', '/1/queries/__all__', { calculations: [{ op: 'COUNT' }], start_time: spec.start_time, end_time: spec.end_time });
    expect((await send('POST', '/1/query_results/__all__', { query_id: everywhere.body.id })).body.data.results).toEqual([{ data: { COUNT: 40 } }]);
    await send('POST', '/1/datasets', { name: 'refunds' });
    const empty = await send('POST', '/1/queries/refunds', { calculations: [{ op: 'COUNT' }] });
    expect((await send('POST', '/1/query_results/refunds', { query_id: empty.body.id })).body.data).toEqual({ series: [], results: [] });

    await expectProblem(
      await send('POST', '/1/queries/checkout', { calculations: [{ op: 'P95', column: 'no_such_field' }] }),
      422,
      /^calculations\[0\]\.column: /,
    );
    await expectProblem(await send('POST', '/1/query_results/checkout', { query_id: 'nope' }), 404, /Query not found/);
    await expectProblem(await send('GET', `/1/query_results/payments/${run.body.id}`), 404, /Query result not found/);
  });

  it('query annotations and flexible boards: panels of saved queries, titled by their annotations', async () => {
    const query = await send('POST', '/1/queries/checkout', { calculations: [{ op: 'COUNT' }], breakdowns: ['service.name'], time_range: 3600 });
    const annotation = await send('POST', '/1/query_annotations/checkout', { ...bodies.QUERY_ANNOTATION_CREATE, query_id: query.body.id });
    expect(annotation.status).toBe(201);
    expectSameShape(annotation.body, bodies.QUERY_ANNOTATION);
    expectSameShape((await send('GET', '/1/query_annotations/checkout')).body, [bodies.QUERY_ANNOTATION]);
    const renamed = await send('PUT', `/1/query_annotations/checkout/${annotation.body.id}`, { name: 'Traffic', query_id: query.body.id });
    expect((await send('GET', `/1/query_annotations/checkout/${annotation.body.id}`)).body).toEqual(renamed.body);

    const [panel] = bodies.FLEXIBLE_BOARD_CREATE.panels;
    const board = {
      ...bodies.FLEXIBLE_BOARD_CREATE,
      panels: [{ ...panel, query_panel: { ...panel.query_panel, query_id: query.body.id, query_annotation_id: annotation.body.id } }],
    };
    const created = await send('POST', '/1/boards', board);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectSameShape(created.body, bodies.FLEXIBLE_BOARD);
    expect(created.body).toMatchObject(board);
    expect(created.body.links.board_url).toBe(`${server.url}/boards/${created.body.id}`);
    // The native board holds the spec itself, so the UI draws it.
    const native = await send('GET', `/api/v1/boards/${created.body.id}`);
    expect(native.body.queries).toEqual([
      { title: 'Traffic', dataset: 'checkout', query: { calculations: [{ op: 'COUNT' }], breakdowns: ['service.name'], time_range: 3600 }, chart: 'line' },
    ]);

    const changed = await send('PUT', `/1/boards/${created.body.id}`, { ...board, name: 'Checkout', layout_generation: 'auto' });
    expect(changed.body).toMatchObject({ name: 'Checkout', layout_generation: 'auto' });
    expect((await send('GET', `/1/boards/${created.body.id}`)).body).toEqual(changed.body);
    await expectProblem(
      await send('POST', '/1/boards', { ...board, panels: [{ type: 'slo', slo_panel: { slo_id: 'x' } }] }),
      422,
      /^panels\.0\.type: .*only query panels/,
    );
    await expectProblem(
      await send('POST', '/1/boards', { ...board, panels: [{ type: 'query', query_panel: { query_id: 'nope' } }] }),
      422,
      /^panels\.0\.query_panel\.query_id: /,
    );
    expect((await send('DELETE', `/1/boards/${created.body.id}`)).status).toBe(204);
    await expectProblem(await send('GET', `/1/boards/${created.body.id}`), 404, /Board not found/);
    expect((await send('DELETE', `/1/query_annotations/checkout/${annotation.body.id}`)).status).toBe(204);
  });

  it('classic boards: create from saved queries, read, list, change', async () => {
    const query = await send('POST', '/1/queries/checkout', { calculations: [{ op: 'COUNT' }], time_range: 3600 });
    const board = { ...bodies.BOARD_CREATE, queries: [{ ...bodies.BOARD_CREATE.queries[0], query_id: query.body.id }] };
    const created = await send('POST', '/1/boards', board);
    expect(created.status).toBe(201);
    expectSameShape(created.body, bodies.BOARD);
    expect(created.body).toMatchObject(board);
    expect((await send('GET', `/api/v1/boards/${created.body.id}`)).body.queries[0]).toMatchObject({
      title: 'Requests by service',
      dataset: 'checkout',
      chart: 'line',
    });
    expectSameShape((await send('GET', '/1/boards')).body, [bodies.BOARD]);
    const changed = await send('PUT', `/1/boards/${created.body.id}`, { ...board, name: 'Checkout', style: 'list' });
    expect(changed.body).toMatchObject({ name: 'Checkout', style: 'list' });
    await expectProblem(await send('POST', '/1/boards', { ...board, queries: [{ query_id: 'nope' }] }), 422, /^queries\.0\.query_id: /);
    expect((await send('DELETE', `/1/boards/${created.body.id}`)).status).toBe(204);
  });

  it('triggers: create inline or from a saved query, read, list, change, delete', async () => {
    const created = await send('POST', '/1/triggers/checkout', bodies.TRIGGER_CREATE);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectSameShape(created.body, bodies.TRIGGER);
    const { recipients, ...rest } = bodies.TRIGGER_CREATE;
    expect(created.body).toMatchObject({ ...rest, triggered: false, recipients: [{ type: 'webhook', target: recipients[0].target }] });
    expect((await send('GET', `/1/queries/checkout/${created.body.query_id}`)).body).toMatchObject(bodies.TRIGGER_CREATE.query);
    // The native trigger runs it.
    expect((await send('GET', `/api/v1/triggers/${created.body.id}`)).body).toMatchObject({
      dataset: 'checkout',
      frequency_seconds: 300,
      duration_seconds: 900,
    });

    const saved = await send('POST', '/1/queries/checkout', { calculations: [{ op: 'COUNT' }], time_range: 600 });
    // Listed in the order made: the second a second later.
    await clock.advance(1000);
    const fromSaved = await send('POST', '/1/triggers/checkout', { name: 'no traffic', query_id: saved.body.id, threshold: { op: '<', value: 1 } });
    expect(fromSaved.body).toMatchObject({ query_id: saved.body.id, frequency: 900, query: { calculations: [{ op: 'COUNT' }], time_range: 600 } });
    const listed = (await send('GET', '/1/triggers/checkout')).body as { id: string }[];
    expect(listed.map((t) => t.id)).toEqual([created.body.id, fromSaved.body.id]);
    expectSameShape(listed[0], bodies.TRIGGER);
    expect((await send('GET', `/1/triggers/checkout/${created.body.id}`)).body).toEqual({ ...created.body, triggered: expect.any(Boolean) });

    const changed = await send('PUT', `/1/triggers/checkout/${created.body.id}`, {
      ...bodies.TRIGGER_CREATE,
      threshold: { op: '>', value: 500 },
      disabled: true,
    });
    expect(changed.body).toMatchObject({ threshold: { op: '>', value: 500, exceeded_limit: 1 }, disabled: true });
    const { disabled: _omitted, ...withoutDisabled } = bodies.TRIGGER_CREATE;
    expect((await send('PUT', `/1/triggers/checkout/${created.body.id}`, withoutDisabled)).body.disabled, 'omitted, it stays as it was').toBe(true);
    await expectProblem(
      await send('POST', '/1/triggers/checkout', { ...bodies.TRIGGER_CREATE, baseline_details: { offset_minutes: 60, type: 'percentage' } }),
      422,
      /^baseline_details: /,
    );
    await expectProblem(
      await send('POST', '/1/triggers/checkout', { ...bodies.TRIGGER_CREATE, query: { calculations: [{ op: 'P95', column: 'duraton_ms' }] } }),
      422,
      /^calculations\[0\]\.column: .*duration_ms/,
    );
    await expectProblem(await send('POST', '/1/triggers/checkout', { ...bodies.TRIGGER_CREATE, alert_type: 'on_true' }), 422, /^alert_type: /);
    await expectProblem(
      await send('POST', '/1/triggers/checkout', { ...bodies.TRIGGER_CREATE, recipients: [{ type: 'slack', target: '#oncall' }] }),
      422,
      /^recipients\.0\.type: /,
    );
    await expectProblem(
      await send('POST', '/1/triggers/checkout', { ...bodies.TRIGGER_CREATE, query: { ...bodies.TRIGGER_CREATE.query, calculations: [] } }),
      422,
      /exactly one calculation/,
    );
    expect((await send('DELETE', `/1/triggers/checkout/${created.body.id}`)).status).toBe(204);
    await expectProblem(await send('GET', `/1/triggers/checkout/${created.body.id}`), 404, /Trigger not found/);
  });

  it('recipients: webhooks that triggers name by id or by name', async () => {
    const created = await send('POST', '/1/recipients', bodies.RECIPIENT_CREATE);
    expect(created.status).toBe(201);
    expectSameShape(created.body, bodies.RECIPIENT);
    expectSameShape((await send('GET', '/1/recipients')).body, [bodies.RECIPIENT]);
    await expectProblem(await send('POST', '/1/recipients', bodies.RECIPIENT_CREATE), 409, /already exists/);
    await expectProblem(await send('POST', '/1/recipients', { type: 'email', details: { email_address: 'a@example.com' } }), 422, /^type: /);

    const onCall = { id: created.body.id, type: 'webhook', target: 'on-call' };
    for (const recipient of [{ id: created.body.id }, { type: 'webhook', target: 'on-call' }]) {
      const trigger = await send('POST', '/1/triggers/checkout', { ...bodies.TRIGGER_CREATE, recipients: [recipient] });
      expect(trigger.body.recipients, JSON.stringify(recipient)).toEqual([onCall]);
      expect((await send('GET', `/api/v1/triggers/${trigger.body.id}`)).body.recipients).toEqual([{ type: 'webhook', url: 'http://127.0.0.1:9/oncall' }]);
      await send('DELETE', `/1/triggers/checkout/${trigger.body.id}`);
    }
    await expectProblem(
      await send('POST', '/1/triggers/checkout', { ...bodies.TRIGGER_CREATE, recipients: [{ type: 'webhook', target: 'nobody' }] }),
      422,
      /^recipients\.0\.target: /,
    );

    const renamed = await send('PUT', `/1/recipients/${created.body.id}`, {
      ...bodies.RECIPIENT_CREATE,
      details: { ...bodies.RECIPIENT_CREATE.details, webhook_name: 'pager' },
    });
    expect((await send('GET', `/1/recipients/${created.body.id}`)).body).toEqual(renamed.body);
    expect((await send('DELETE', `/1/recipients/${created.body.id}`)).status).toBe(204);
    await expectProblem(await send('GET', `/1/recipients/${created.body.id}`), 404, /Recipient not found/);
  });

  it('SLOs and their burn alerts: an SLI is a boolean field; burn alerts are the fixed pair', async () => {
    const created = await send('POST', '/1/slos/checkout', bodies.SLO_CREATE);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectSameShape(created.body, bodies.SLO);
    expect(created.body).toMatchObject(bodies.SLO_CREATE);
    expect((await send('GET', `/api/v1/slos/${created.body.id}`)).body).toMatchObject({
      target_percent: 99.9,
      window_days: 30,
      scope: [{ column: 'sli.checkout_ok', op: 'exists' }],
      good: [{ column: 'sli.checkout_ok', op: '=', value: true }],
    });
    expectSameShape((await send('GET', '/1/slos/checkout')).body, [bodies.SLO]);
    const changed = await send('PUT', `/1/slos/checkout/${created.body.id}`, { ...bodies.SLO_CREATE, target_per_million: 990_000 });
    expect(changed.body.target_per_million).toBe(990_000);
    expect((await send('GET', `/1/slos/checkout/${created.body.id}`)).body).toEqual(changed.body);
    await expectProblem(await send('POST', '/1/slos/checkout', { ...bodies.SLO_CREATE, sli: { alias: 'duration_ms' } }), 422, /^sli\.alias: .*boolean field/);
    await expectProblem(await send('POST', '/1/slos/checkout', { ...bodies.SLO_CREATE, dataset_slugs: ['payments'] }), 422, /^dataset_slugs: /);

    const burn = await send('GET', `/1/burn_alerts/checkout?slo_id=${created.body.id}`);
    expectSameShape(burn.body, [bodies.BURN_ALERT]);
    expect(
      burn.body.map((b: { budget_rate_window_minutes: number; budget_rate_decrease_threshold_per_million: number }) => [
        b.budget_rate_window_minutes,
        b.budget_rate_decrease_threshold_per_million,
      ]),
    ).toEqual([
      [60, 20_000],
      [360, 50_000],
    ]);
    // The scheduler may start or stop the alert between the two reads.
    expect((await send('GET', `/1/burn_alerts/checkout/${burn.body[0].id}`)).body).toEqual({ ...burn.body[0], triggered: expect.any(Boolean) });
    await expectProblem(
      await send('POST', '/1/burn_alerts/checkout', { alert_type: 'exhaustion_time', exhaustion_minutes: 60, slo: { id: created.body.id } }),
      422,
      /burn alerts are fixed/,
    );

    expect((await send('DELETE', `/1/slos/checkout/${created.body.id}`)).status).toBe(204);
    await expectProblem(await send('GET', `/1/slos/checkout/${created.body.id}`), 404, /SLO not found/);
  });

  it('derived columns: made, found by alias, changed, deleted; a broken expression is refused where it breaks', async () => {
    // The fixture's alias is a declared column by now; a derived column never hides a column.
    const column = { ...bodies.DERIVED_COLUMN_CREATE, alias: 'dc.fast' };
    for (const base of ['/1/derived_columns', '/1/calculated_fields']) {
      const created = await send('POST', `${base}/checkout`, column);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toEqual({ id: expect.any(String), ...column, created_at: expect.any(String), updated_at: expect.any(String) });
      expect((await send('GET', `${base}/checkout`)).body).toEqual([created.body]);
      expect((await send('GET', `${base}/checkout?alias=dc.fast`)).body).toEqual(created.body);
      expect((await send('GET', `${base}/checkout/${created.body.id}`)).body).toEqual(created.body);
      await expectProblem(
        await send('POST', `${base}/checkout`, { alias: 'slow', expression: 'DIV($duration_ms)' }),
        422,
        /DIV expects 2 arguments, got 1 .* at 1:1/,
      );
      await expectProblem(await send('POST', `${base}/checkout`, column), 409, /already exists/);
      const changed = await send('PUT', `${base}/checkout/${created.body.id}`, { ...column, description: 'changed' });
      expect(changed.body).toMatchObject({ id: created.body.id, description: 'changed' });
      expect((await send('DELETE', `${base}/checkout/${created.body.id}`)).status).toBe(204);
      await expectProblem(await send('GET', `${base}/checkout?alias=dc.fast`), 404, /Derived column not found/);
    }
  });

  it('an unknown path under /1/ is a 404 in the same shape', async () => {
    await expectProblem(await send('GET', '/1/environments'), 404, /no route GET \/1\/environments/);
  });

  it('objects are stamped by the server clock', async () => {
    const declared = await send('POST', '/1/datasets', { name: 'ledger' });
    expect(declared.body.created_at).toBe(new Date(clock.now()).toISOString());
  });
});
