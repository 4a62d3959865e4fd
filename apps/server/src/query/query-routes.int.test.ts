// The query API over HTTP against a real server on each store engine: answers, and the
// errors a client acts on.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';

let server: TempServer;
const now = Math.floor(Date.now() / 1000);
const HOSTILE = 'name"); DROP TABLE ds_0; --';

const post = (body: unknown) => fetch(`${server.url}/api/v1/query`, { method: 'POST', body: JSON.stringify(body) });

describe.each(ENGINES)('POST /api/v1/query on %s', (engine) => {
  beforeAll(async () => {
    server = await startTempServerOn(engine);
    const events = [120, 80, 40].map((duration_ms, i) => ({
      time: new Date((now - 60 + i) * 1000).toISOString(),
      samplerate: 2,
      data: { 'http.route': i === 0 ? '/slow' : '/fast', duration_ms: duration_ms + 0.5, [HOSTILE]: i === 0 ? "'); DROP TABLE x; --" : 'ok' },
    }));
    expect((await fetch(`${server.url}/1/batch/api`, { method: 'POST', body: JSON.stringify(events) })).status).toBe(200);
  });

  afterAll(async () => server?.dispose());

  test('answers synchronously in the Honeycomb result shape', async () => {
    const response = await post({
      dataset: 'api',
      query: { calculations: [{ op: 'COUNT' }, { op: 'MAX', column: 'duration_ms' }], breakdowns: ['http.route'], time_range: 600 },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { results: { data: unknown }[]; series: unknown[] } };
    expect(body.data.results).toEqual([
      { data: { 'http.route': '/fast', COUNT: 4, 'MAX(duration_ms)': 80.5 } },
      { data: { 'http.route': '/slow', COUNT: 2, 'MAX(duration_ms)': 120.5 } },
    ]);
    expect(body.data.series.length).toBeGreaterThanOrEqual(2);
  });

  test('hostile field names and values are only data', async () => {
    const response = await post({
      dataset: 'api',
      query: { breakdowns: [HOSTILE], filters: [{ column: HOSTILE, op: 'contains', value: "'); DROP" }], time_range: 600 },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { results: unknown[] } }).data.results).toEqual([{ data: { [HOSTILE]: "'); DROP TABLE x; --", COUNT: 2 } }]);
  });

  test('a bad spec is a 400 with the message and the path of the bad part', async () => {
    const response = await post({ dataset: 'api', query: { calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duraton_ms' }] } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'calculations[1].column: no column "duraton_ms" in dataset "api"; did you mean "duration_ms"?',
      path: 'calculations[1].column',
    });
  });

  test('an unknown dataset is a 404; a body without a dataset is a 400', async () => {
    const unknown = await post({ dataset: 'nope', query: {} });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'no dataset "nope"' });
    expect((await post({ query: {} })).status).toBe(400);
    expect((await post({ dataset: 'x'.repeat(300), query: {} })).status).toBe(400);
  });
});
