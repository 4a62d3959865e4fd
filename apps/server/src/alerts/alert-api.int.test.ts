// Triggers and SLOs over HTTP on a real server: create, read, update, delete, validation
// naming the bad field, the audit log, the delivery log, and an SLO's status with the
// BubbleUp request for the events that burned its budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';
import { TestClock } from '../clock/test-clock.ts';
import { startWebhookReceiver } from './test-fixtures/alert-rig.ts';

// The memory store: these are the alerting API's answers, not an engine's (evaluate-*.int.test.ts run both engines).
const clock = new TestClock(Date.now());
let server: TempServer;
beforeAll(async () => {
  server = await startMemoryServer({}, { clock });
});
afterAll(async () => server.dispose());

const send = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};

const trigger = {
  name: 'slow checkouts',
  dataset: 'shop',
  query: { calculation: { op: 'P99', column: 'duration_ms' }, filters: [{ column: 'name', op: '=', value: 'checkout' }] },
  threshold: { op: '>=', value: 500 },
  recipients: [{ url: 'http://127.0.0.1:9/hook' }],
};

describe('triggers and SLOs API', () => {
  it('keeps triggers through create, update and delete, each change audited', async () => {
    const created = await send('POST', '/api/v1/triggers', trigger);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ ...trigger, frequency_seconds: 60, duration_seconds: 300, disabled: false, states: {} });
    expect((await send('GET', '/api/v1/triggers')).body.map((t: { id: string }) => t.id)).toEqual([id]);
    const updated = await send('PUT', `/api/v1/triggers/${id}`, { ...trigger, threshold: { op: '>', value: 800 }, frequency_seconds: 120 });
    expect(updated.body).toMatchObject({ id, threshold: { op: '>', value: 800 }, frequency_seconds: 120 });
    expect((await send('GET', `/api/v1/triggers/${id}`)).body.threshold.value).toBe(800);
    expect((await send('GET', `/api/v1/triggers/${id}/deliveries`)).body).toEqual([]);
    expect((await send('DELETE', `/api/v1/triggers/${id}`)).status).toBe(200);
    expect((await send('GET', `/api/v1/triggers/${id}`)).status).toBe(404);
    expect((await send('DELETE', `/api/v1/triggers/${id}`)).status).toBe(404);

    const audit = (await send('GET', '/api/v1/audit')).body as Array<{ action: string; target: string; detail: Record<string, unknown> }>;
    expect(audit.map((e) => [e.action, e.target])).toEqual([
      ['trigger.delete', `trigger:${id}`],
      ['trigger.update', `trigger:${id}`],
      ['trigger.create', `trigger:${id}`],
    ]);
    expect(audit[1].detail).toMatchObject({ threshold: { op: '>', value: 800 } });
  });

  it('refuses bad triggers and SLOs with the field that is wrong', async () => {
    const error = async (path: string, body: unknown) => {
      const response = await send('POST', path, body);
      expect(response.status).toBe(400);
      return response.body.error as string;
    };
    expect(await error('/api/v1/triggers', { ...trigger, threshold: { op: '=', value: 1 } })).toBe('threshold.op must be one of ">", ">=", "<", "<="');
    expect(await error('/api/v1/triggers', { ...trigger, frequency_seconds: 5 })).toBe('frequency_seconds must be at least 60');
    expect(await error('/api/v1/triggers', { ...trigger, query: { calculation: { op: 'HEATMAP', column: 'duration_ms' } } })).toBe(
      'query.calculation cannot be HEATMAP: a trigger compares one number, and HEATMAP has none',
    );
    expect(await error('/api/v1/triggers', { ...trigger, recipients: [{ url: 'file:///etc/passwd' }] })).toMatch(/^recipients\[0\]\.url /);
    const slo = { name: 'fast', dataset: 'shop', good: [{ column: 'duration_ms', op: '<', value: 300 }], target_percent: 99.9 };
    expect(await error('/api/v1/slos', { ...slo, target_percent: 100 })).toBe('target_percent must be less than 100');
    expect(await error('/api/v1/slos', { ...slo, good: [] })).toBe('good must have at least 1 item');
    expect(await error('/api/v1/slos', { ...slo, good_combination: 'OR', scope: [{ column: 'name', op: 'exists' }] })).toBe(
      'good_combination cannot be OR while there are scope filters; fold the scope into the dataset or use AND',
    );
  });

  it('answers an SLO’s budget and the BubbleUp of the events that burned it', async () => {
    const now = Math.floor(clock.now() / 1000);
    // 200 requests over the last hour (before this minute), 10 of them slow or failed.
    const events = Array.from({ length: 200 }, (_, i) => ({
      time: new Date((now - 3600 + i * 15 - 120) * 1000).toISOString(),
      data: { name: 'checkout', duration_ms: i % 20 === 0 ? 900 : 100, error: i % 40 === 5, region: i % 20 === 0 ? 'ap' : 'eu' },
    }));
    expect((await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body: JSON.stringify(events) })).status).toBe(200);
    const slo = (
      await send('POST', '/api/v1/slos', {
        name: 'checkout fast and fine',
        dataset: 'shop',
        good: [
          { column: 'duration_ms', op: '<', value: 300 },
          { column: 'error', op: '=', value: false },
        ],
        target_percent: 90,
      })
    ).body;
    const status = await send('GET', `/api/v1/slos/${slo.id}/status`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ total: 200, bad: 15, compliance_percent: 92.5, alerts: { fast_burn: false, slow_burn: false } });
    expect(status.body.budget_remaining).toBeCloseTo(0.25, 10);
    expect(status.body.burn_down.at(-1).budget_remaining).toBeCloseTo(0.25, 10);

    const bubbleup = await send('POST', '/api/v1/bubbleup', status.body.bad_events);
    expect(bubbleup.status).toBe(200);
    expect([bubbleup.body.selected, bubbleup.body.baseline]).toEqual([15, 185]);
    // The slow requests all came from one region; the fields that define "bad" rank last.
    expect(bubbleup.body.columns[0].field).toBe('region');

    expect((await send('DELETE', `/api/v1/slos/${slo.id}`)).status).toBe(200);
    const audit = (await send('GET', '/api/v1/audit?limit=2')).body.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['slo.delete', 'slo.create']);
  });

  it('is checked by the server’s own scheduler, which notifies the webhook', async () => {
    const hook = await startWebhookReceiver();
    try {
      // Stamped by the test's clock, which the trigger's window is measured from.
      const beat = [{ time: new Date(clock.now() - 1000).toISOString(), data: { alive: true } }];
      expect((await fetch(`${server.url}/1/batch/beats`, { method: 'POST', body: JSON.stringify(beat) })).status).toBe(200);
      const created = await send('POST', '/api/v1/triggers', {
        name: 'any beat',
        dataset: 'beats',
        query: { calculation: { op: 'COUNT' } },
        threshold: { op: '>=', value: 1 },
        recipients: [{ url: hook.url }],
      });
      // The scheduler looks for due items every 5 s of its clock.
      await clock.advance(5000);
      await expect.poll(() => hook.received.length).toBe(1);
      expect(hook.received[0]).toMatchObject({ event: 'triggered', id: created.body.id, detail: { value: 1 } });
      const deliveries = (await send('GET', `/api/v1/triggers/${created.body.id}/deliveries`)).body;
      expect(deliveries).toMatchObject([{ url: hook.url, attempt: 1, status: 204, error: null, event: 'triggered' }]);
    } finally {
      await hook.close();
    }
  });
});

describe('triggers API with keys', () => {
  it('shows webhook URLs whole to admins only, and lets only admins change triggers', async () => {
    const keyed = await startMemoryServer();
    try {
      const call = (method: string, path: string, key: string, body?: unknown) =>
        fetch(`${keyed.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json', 'x-honeycomb-team': key },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const admin = (await (
        await fetch(`${keyed.url}/api/v1/keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'ops', kind: 'admin', environment: 'prod' }),
        })
      ).json()) as { key: string };
      const viewer = (await (await call('POST', '/api/v1/keys', admin.key, { name: 'viewer', kind: 'query', environment: 'prod' })).json()) as { key: string };
      const secret = 'https://hooks.example/services/T000/B000/s3cr3t';
      const body = { ...trigger, disabled: true, recipients: [{ url: secret }] };
      expect((await call('POST', '/api/v1/triggers', viewer.key, body)).status).toBe(403);
      expect((await call('POST', '/api/v1/triggers', admin.key, body)).status).toBe(201);
      const asAdmin = (await (await call('GET', '/api/v1/triggers', admin.key)).json()) as Array<{ recipients: Array<{ url: string }> }>;
      const asViewer = (await (await call('GET', '/api/v1/triggers', viewer.key)).json()) as Array<{ recipients: Array<{ url: string }> }>;
      expect(asAdmin[0].recipients[0].url).toBe(secret);
      expect(asViewer[0].recipients[0].url).toBe('https://hooks.example/…');
    } finally {
      await keyed.dispose();
    }
  });
});
