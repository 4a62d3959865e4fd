// Names that arrive from clients, on a real server of each engine: dataset names that
// read as paths are refused by the events API and mapped safely from OTLP service.name;
// field names over 1,024 characters are dropped, with a note, by both ingest paths; a
// malformed percent-escape on a UI path is a 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';

const json = { 'content-type': 'application/json' };
/** Queries end a minute ahead: events stamped this second are past a range that ends now. */
const now = () => Math.floor(Date.now() / 1000);
const LONG = 'k'.repeat(1025);
const KEPT = 'n'.repeat(1024);

function otlpSpan(service: string, attributes: Record<string, string>): string {
  const now = String(Date.now() * 1e6);
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: 'ab'.repeat(16),
                spanId: 'cd'.repeat(8),
                name: 'GET /',
                kind: 2,
                startTimeUnixNano: now,
                endTimeUnixNano: now,
                attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } })),
              },
            ],
          },
        ],
      },
    ],
  });
}

describe.each(ENGINES)('names and paths on %s', (engine) => {
  let server: TempServer;
  beforeAll(async () => {
    server = await startTempServerOn(engine, { grpcPort: 'off' }, { shards: 2 });
  }, 120_000);
  afterAll(async () => server?.dispose());

  const rawEvents = async (dataset: string) => {
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ dataset, query: { start_time: now() - 600, end_time: now() + 60 } }),
    });
    expect(response.status, dataset).toBe(200);
    return ((await response.json()) as { data: { results: Array<{ data: Record<string, unknown> }> } }).data.results;
  };

  it.each(['..%2F..%2Fetc%2Fpasswd', 'a%2Fb', 'a%5Cb', '.hidden', '..%2E', 'tab%09here', '__all__'])(
    'refuses the dataset name %s with a 400 that says why',
    async (name) => {
      for (const [path, body] of [
        [`/1/events/${name}`, '{"a":1}'],
        [`/1/batch/${name}`, '[{"data":{"a":1}}]'],
      ]) {
        const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: json, body });
        expect(response.status, path).toBe(400);
        expect(((await response.json()) as { error: string }).error, path).toMatch(/^dataset name/);
      }
      const datasets = (await (await fetch(`${server.url}/api/v1/datasets`)).json()) as Array<{ name: string }>;
      expect(datasets.map((d) => d.name)).not.toContain(decodeURIComponent(name));
    },
  );

  it('maps a path-like service.name to a safe dataset, keeping the name on its events', async () => {
    const response = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: json, body: otlpSpan('../../etc/passwd', { 'http.route': '/' }) });
    expect(response.status).toBe(200);
    const [event] = await rawEvents('___.._etc_passwd');
    expect(event.data['service.name']).toBe('../../etc/passwd');
  });

  it('drops field names over 1,024 characters on both ingest paths, and says so', async () => {
    const single = await fetch(`${server.url}/1/events/long-names`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ [LONG]: 'x', [KEPT]: 'kept', via: 'event' }),
    });
    expect(single.status).toBe(200);
    expect(single.headers.get('x-flashlight-warning')).toContain('names over 1024 characters were dropped');
    const batch = await fetch(`${server.url}/1/batch/long-names`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify([{ data: { [LONG]: 'x', via: 'batch' } }]),
    });
    expect(await batch.json()).toEqual([{ status: 202, warning: '1 field(s) with names over 1024 characters were dropped' }]);
    const otlp = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: json, body: otlpSpan('long-names', { [LONG]: 'x', via: 'otlp' }) });
    expect(((await otlp.json()) as { partialSuccess?: { errorMessage?: string } }).partialSuccess?.errorMessage).toContain(
      'keys over 1024 characters were dropped',
    );
    const events = await rawEvents('long-names');
    expect(events.map((e) => e.data.via).sort()).toEqual(['batch', 'event', 'otlp']);
    expect(events.every((e) => !(LONG in e.data))).toBe(true);
    expect(events.find((e) => e.data.via === 'event')!.data[KEPT]).toBe('kept');
  });

  it('answers a malformed percent-escape on a UI path with a 400', async () => {
    const response = await fetch(`${server.url}/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('percent-escape');
  });
});
