// An int64 beyond 2^53 stays exact from every wire format to the store and back, and
// keeps its column an integer column (filters and MAX work on it), on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { sendGoBatch } from '../testing/libhoney-go-batch.ts';
import { readEvents } from '../store/read-events.ts';
import { encodeTraces, span, traceRequest } from './otlp/fixtures/otlp-payloads.ts';

const BIG = 2n ** 62n + 1n; // 4611686018427387905
const NEAR = 2n ** 53n + 1n; // 9007199254740993

const otlpJson = (intValue: string) =>
  `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"exact-otlp"}}]},"scopeSpans":[{"spans":[` +
  `{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"s","kind":1,` +
  `"startTimeUnixNano":"1764234000123456789","endTimeUnixNano":1764234000223456790,` +
  `"attributes":[{"key":"big","value":{"intValue":${intValue}}}]}]}]}]}`;

describe.each(ENGINES)('exact integers on %s', (engine) => {
  let server: TempServer;
  beforeAll(async () => {
    server = await startTempServerOn(engine);
  });
  afterAll(async () => server?.dispose());

  const post = (path: string, body: BodyInit, contentType = 'application/json') =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('keeps 2^62 + 1 and 2^53 + 1 exact through the events API, JSON and msgpack', async () => {
    // A minute ago: inside the query's last hour below.
    const timeNs = BigInt(Date.now() - 60_000) * 1_000_000n;
    const time = new Date(Number(timeNs / 1_000_000n)).toISOString();
    const json = `[{"data":{"big":${BIG},"near":${NEAR},"n":7},"time":"${time}"},{"data":{"big":5,"near":"${NEAR}","n":8},"time":"${time}"}]`;
    expect((await post('/1/batch/exact', json)).status).toBe(200);
    expect((await sendGoBatch(server.url, 'exact', [{ data: { big: BIG, near: NEAR, n: 9n }, timeNs }], { msgpack: true })).statuses).toEqual([
      { status: 202 },
    ]);
    const stored = await readEvents(server.store, 'default', 'exact');
    expect(stored.map((e) => e.fields).sort((a, b) => Number(a.n) - Number(b.n))).toEqual([
      { big: BIG, near: NEAR, n: 7 },
      // A string that spells an int64 exactly goes into the integer column as that integer.
      { big: 5, near: NEAR, n: 8 },
      { big: BIG, near: NEAR, n: 9 },
    ]);
  });

  it('stores an int64 past 2^53 in a float field as the nearest double, and past the column limit as exact JSON', async () => {
    const limited = await startTempServerOn(engine, { maxColumnsPerDataset: 16 });
    try {
      const first = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`f${i}`, 1.5]));
      const body = `[{"data":${JSON.stringify(first)}},{"data":{"f0":${BIG},"extra":${BIG}}}]`;
      const response = await fetch(`${limited.url}/1/batch/floaty`, { method: 'POST', body });
      expect((await response.json()) as Array<{ status: number }>).toMatchObject([{ status: 202 }, { status: 202 }]);
      const stored = await readEvents(limited.store, 'default', 'floaty');
      const second = stored.find((e) => e.fields.f1 === undefined)!;
      expect(second.fields.f0).toBe(Number(BIG));
      expect(second.fields['meta.overflow']).toBe(`{"extra":${BIG}}`);
    } finally {
      await limited.dispose();
    }
  });

  it('keeps the column an integer column that filters and MAX read exactly, answered as text where a number cannot hold it', async () => {
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      body: JSON.stringify({
        dataset: 'exact',
        query: { calculations: [{ op: 'MAX', column: 'big' }, { op: 'COUNT' }], filters: [{ column: 'big', op: '>', value: 6 }], time_range: 3600 },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { results: { data: Record<string, unknown> }[] } };
    expect(body.data.results).toEqual([{ data: { 'MAX(big)': String(BIG), COUNT: 2 } }]);
  });

  it('exports 2^62 + 1 with all its digits, and lists it in raw events as its decimal text', async () => {
    const exported = await (await fetch(`${server.url}/api/v1/export?dataset=exact&time_range=3600`)).text();
    const lines = exported.trim().split('\n').sort();
    expect(lines).toHaveLength(3);
    expect(lines.filter((line) => line.includes(`"big":${BIG},`))).toHaveLength(2);
    expect(lines.filter((line) => line.includes(`"near":${NEAR}`))).toHaveLength(3);
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      body: JSON.stringify({ dataset: 'exact', query: { filters: [{ column: 'big', op: '>', value: 6 }], time_range: 3600 } }),
    });
    const raw = (await response.json()) as { data: { results: { data: Record<string, unknown> }[] } };
    expect(raw.data.results.map((r) => [r.data.big, r.data.near])).toEqual([
      [String(BIG), String(NEAR)],
      [String(BIG), String(NEAR)],
    ]);
  });

  it('sums an integer field exactly past 2^53, over the range and per time bucket, and answers null past int64', async () => {
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      body: JSON.stringify({
        dataset: 'exact',
        query: {
          calculations: [
            { op: 'SUM', column: 'near' },
            { op: 'SUM', column: 'big' },
            { op: 'SUM', column: 'n' },
          ],
          time_range: 3600,
        },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { series: { data: Record<string, unknown> }[]; results: { data: Record<string, unknown> }[] } };
    // 3 × (2^53 + 1) is not a double: a double sum would answer 27021597764222976.
    const total = { 'SUM(near)': String(3n * NEAR), 'SUM(big)': null, 'SUM(n)': 24 };
    expect(body.data.results).toEqual([{ data: total }]);
    expect(body.data.series.filter((point) => point.data['SUM(n)'] !== null && point.data['SUM(n)'] !== 0).map((point) => point.data)).toEqual([total]);
  });

  it('keeps int64 attributes exact from OTLP/JSON numbers and strings, and OTLP protobuf', async () => {
    for (const intValue of [String(BIG), `"${BIG}"`]) expect((await post('/v1/traces', otlpJson(intValue))).status).toBe(200);
    // 2^62 + 1 as an int64 varint, which no JS number can hold.
    const exact = traceRequest(
      [
        span({
          startTimeUnixNano: '1764234000123456789',
          endTimeUnixNano: '1764234000223456790',
          attributes: [{ key: 'big', value: { intValue: String(BIG) } }],
        }),
      ],
      [{ key: 'service.name', value: { stringValue: 'exact-otlp' } }],
    );
    expect((await post('/v1/traces', new Uint8Array(encodeTraces(exact, 'protobuf')), 'application/x-protobuf')).status).toBe(200);
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'exact-otlp' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    // The JS SDK holds attributes as numbers: 2^62 is one exactly, sent as an int64 varint.
    provider
      .getTracer('t')
      .startSpan('s', { attributes: { big: 4611686018427387904 } })
      .end();
    const body = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
    expect((await post('/v1/traces', new Uint8Array(body), 'application/x-protobuf')).status).toBe(200);
    const stored = await readEvents(server.store, 'default', 'exact-otlp');
    const bigs = stored.map((e) => e.fields.big);
    expect(bigs).toEqual(expect.arrayContaining([BIG, BIG, BIG, 2n ** 62n]));
    // Times from decimal strings and long JSON numbers are read to the nanosecond: the
    // duration keeps its last nanosecond (as doubles, both times would round by 256 ns);
    // the start is stored to the microsecond.
    expect(stored.filter((e) => e.fields.big === BIG).map((e) => e.timeUs)).toEqual([1764234000123456, 1764234000123456, 1764234000123456]);
    expect(stored.filter((e) => e.fields.big === BIG).map((e) => e.fields.duration_ms)).toEqual([100.000001, 100.000001, 100.000001]);
  });
});
