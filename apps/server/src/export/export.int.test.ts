// Exports on a real server of each engine: a query's CSV equals its API answer; the
// NDJSON export of a dataset streams every event once, in time order. Its memory is
// measured in export-memory.int.test.ts.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';

let server: TempServer;
const now = Math.floor(Date.now() / 1000);

/** A small RFC 4180 reader, enough for the answers under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe.each(ENGINES)('exports on %s', (engine) => {
  beforeAll(async () => {
    server = await startTempServerOn(engine, { grpcPort: 'off' });
    const events = Array.from({ length: 30 }, (_, i) => ({
      time: new Date((now - 100 + i) * 1000).toISOString(),
      samplerate: i % 3 === 0 ? 2 : 1,
      data: { 'http.route': ['/cart', '/pay, "now"', '=cmd()'][i % 3], duration_ms: i * 1.5, error: i % 4 === 0 },
    }));
    expect((await fetch(`${server.url}/1/batch/shop`, { method: 'POST', body: JSON.stringify(events) })).status).toBe(200);
  });

  afterAll(async () => {
    await server?.dispose();
  });

  test('the CSV of a query has the rows and values of its API answer', async () => {
    const body = JSON.stringify({
      dataset: 'shop',
      query: {
        calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'duration_ms' }, { op: 'P99', column: 'duration_ms' }],
        breakdowns: ['http.route', 'error'],
        time_range: 600,
      },
    });
    const api = (await (await fetch(`${server.url}/api/v1/query`, { method: 'POST', body })).json()) as {
      data: { results: { data: Record<string, unknown> }[] };
    };
    const response = await fetch(`${server.url}/api/v1/query/csv`, { method: 'POST', body });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(['http.route', 'error', 'COUNT', 'AVG(duration_ms)', 'P99(duration_ms)']);
    const expected = api.data.results.map(({ data }) =>
      header.map((column) => (typeof data[column] === 'string' && data[column].startsWith('=') ? `'${data[column]}` : String(data[column]))),
    );
    expect(rows).toEqual(expected);
    expect(rows.length).toBe(6);
  });

  test('the NDJSON export of a filtered slice has each matching event once, oldest first', async () => {
    const filters = JSON.stringify([{ column: 'http.route', op: '=', value: '/cart' }]);
    const response = await fetch(`${server.url}/api/v1/export?dataset=shop&time_range=600&filters=${encodeURIComponent(filters)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-flashlight-total-events')).toBe('10');
    const lines = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { time: string; samplerate: number; data: Record<string, unknown> });
    expect(lines.map((line) => line.data.duration_ms)).toEqual(Array.from({ length: 10 }, (_, i) => i * 3 * 1.5));
    expect(lines[0]).toEqual({ time: new Date((now - 100) * 1000).toISOString(), samplerate: 2, data: { 'http.route': '/cart', duration_ms: 0, error: true } });
  });

  test('an export may be filtered on a derived column', async () => {
    const saved = await fetch(`${server.url}/api/v1/datasets/shop/derived-columns`, {
      method: 'POST',
      body: JSON.stringify({ alias: 'in_cart', expression: 'ENDS_WITH($http.route, "/cart")' }),
    });
    expect(saved.status).toBe(201);
    const filters = JSON.stringify([{ column: 'in_cart', op: '=', value: true }]);
    const response = await fetch(`${server.url}/api/v1/export?dataset=shop&time_range=600&filters=${encodeURIComponent(filters)}`);
    expect(response.headers.get('x-flashlight-total-events')).toBe('10');
    // Read to the end: a stream left open holds the server's shutdown until its drain timeout.
    const routes = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { data: Record<string, unknown> }).data['http.route']);
    expect(routes).toEqual(Array.from({ length: 10 }, () => '/cart'));
  });

  test('an export of an unknown dataset is a 404, of a bad filter a 400', async () => {
    expect((await fetch(`${server.url}/api/v1/export?dataset=nope`)).status).toBe(404);
    const bad = await fetch(`${server.url}/api/v1/export?dataset=shop&filters=${encodeURIComponent('[{"column":"nope","op":"="}]')}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^filters\[0\]\.column: no column "nope"/);
  });
});
