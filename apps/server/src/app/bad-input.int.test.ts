// Bad input gets a clear 4xx and the server keeps serving; hostile field names are
// stored exactly as sent, never interpreted.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { startMemoryServer, type TempServer } from '../testing/temp-server.ts';
import { readEvents } from '../store/read-events.ts';
import { zstdFrame } from '../testing/zstd-frame-builder.ts';

const MAX_BODY = 256 * 1024;
let server: TempServer;
let validProtobuf: Uint8Array;

beforeAll(async () => {
  server = await startMemoryServer({ maxBodyBytes: MAX_BODY });
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bad-input' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('t');
  for (let i = 0; i < 20; i++) tracer.startSpan(`span ${i}`, { attributes: { i, text: 'x'.repeat(50) } }).end();
  validProtobuf = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
});
afterAll(async () => server.dispose());

/** `blocks` RLE blocks of 128 KiB each, 4 bytes apiece: 512 MiB from 16 KiB for 4,096. */
const zstdRleBomb = (blocks: number) =>
  zstdFrame({ windowDescriptor: 7 << 3, blocks: Array.from({ length: blocks }, () => ({ type: 'rle' as const, byte: 0x5b, size: 128 * 1024 })) });

const post = (path: string, body: BodyInit, headers: Record<string, string>) => fetch(`${server.url}${path}`, { method: 'POST', body, headers });

async function expectStillServing() {
  const response = await post('/1/events/alive', JSON.stringify({ ok: true }), { 'content-type': 'application/json' });
  expect(response.status).toBe(200);
}

describe('bad input', () => {
  const protobuf = { 'content-type': 'application/x-protobuf' };
  const json = { 'content-type': 'application/json' };

  it.each([
    ['truncated protobuf', '/v1/traces', () => validProtobuf.slice(0, validProtobuf.length - 7), protobuf, 400],
    ['garbage protobuf', '/v1/traces', () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), protobuf, 400],
    ['invalid OTLP JSON', '/v1/logs', () => '{"resourceLogs": [', json, 400],
    ['OTLP JSON of the wrong shape', '/v1/traces', () => '{"resourceSpans": "nope"}', json, 400],
    ['a wrong content type', '/v1/traces', () => 'hello', { 'content-type': 'text/csv' }, 415],
    ['gzip that is not gzip', '/v1/traces', () => validProtobuf, { ...protobuf, 'content-encoding': 'gzip' }, 400],
    ['an unknown content encoding', '/v1/traces', () => validProtobuf, { ...protobuf, 'content-encoding': 'br' }, 415],
    ['an oversized body', '/v1/traces', () => new Uint8Array(MAX_BODY + 1), protobuf, 413],
    ['a gzip bomb', '/v1/traces', () => gzipSync(Buffer.alloc(64 * 1024 * 1024)), { ...protobuf, 'content-encoding': 'gzip' }, 413],
    ['zstd that is not zstd', '/v1/traces', () => validProtobuf, { ...protobuf, 'content-encoding': 'zstd' }, 400],
    ['a zstd bomb of no declared size', '/1/batch/x', () => zstdRleBomb(4096), { ...json, 'content-encoding': 'zstd' }, 413],
    [
      'a zstd frame declaring 1 TiB',
      '/1/batch/x',
      () => zstdFrame({ contentSize: { value: 2n ** 40n, bytes: 8 }, blocks: [{ type: 'raw', bytes: Buffer.from('[]') }] }),
      { ...json, 'content-encoding': 'zstd' },
      413,
    ],
    [
      'a zstd frame asking for a 2 GiB window',
      '/1/batch/x',
      () => zstdFrame({ windowDescriptor: 21 << 3, blocks: [{ type: 'raw', bytes: Buffer.from('[]') }] }),
      { ...json, 'content-encoding': 'zstd' },
      400,
    ],
    ['an empty events body', '/1/batch/x', () => new Uint8Array(0), json, 400],
    ['invalid events JSON', '/1/batch/x', () => '[{"data": {', json, 400],
    ['a batch that is not an array', '/1/batch/x', () => '{"data": {}}', json, 400],
    ['an event that is not an object', '/1/events/x', () => '"text"', json, 400],
    ['an oversized event batch', '/1/batch/x', () => JSON.stringify([{ data: { big: 'y'.repeat(MAX_BODY) } }]), json, 413],
  ])('%s gets a clear %s', async (_name, path, body, headers, status) => {
    const response = await post(path, body() as BodyInit, headers);
    expect(response.status).toBe(status);
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    expect(text.length, 'the answer says what was wrong').toBeGreaterThan(10);
    await expectStillServing();
  });

  it('says which zstd window was refused and what to send instead', async () => {
    const frame = zstdFrame({ windowDescriptor: 21 << 3, blocks: [{ type: 'raw', bytes: Buffer.from('[]') }] });
    const response = await post('/1/batch/x', frame, { ...json, 'content-encoding': 'zstd' });
    expect(await response.text()).toMatch(/2147483648-byte window, over the 8388608 bytes decoded here: compress with a window of 8 MiB or less/);
  });

  it('answers OTLP errors with a google.rpc.Status in the request encoding', async () => {
    const response = await post('/v1/traces', '{"resourceSpans": [', json);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    const status = (await response.json()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/JSON/);
  });

  it('stores hostile field names exactly as sent and lists them as columns', async () => {
    const hostile: Record<string, string | number> = {
      'quote"inside': 'q',
      "single'quote": 's',
      'with space': 'w',
      'many.dots.in.it': 'd',
      'ünïcødé 🔦': 'u',
      '"; DROP TABLE ds_1; --': 'sql',
      "' OR 1=1 --": 'or',
      'User.Id': 'upper',
      'user.id': 'lower',
      'back\\slash': 'b',
      ['k'.repeat(1024)]: 'long',
      '': 'empty',
    };
    const response = await post('/1/events/hostile%20names', JSON.stringify(hostile), json);
    expect(response.status).toBe(200);
    const [event] = await readEvents(server.store, 'default', 'hostile names');
    expect(event.fields).toEqual(hostile);
    const columns = (await (await fetch(`${server.url}/api/v1/datasets/hostile%20names/columns`)).json()) as Array<{ name: string; type: string }>;
    expect(columns.map((c) => c.name).sort()).toEqual(Object.keys(hostile).sort());
    expect(columns.every((c) => c.type === 'string')).toBe(true);
    await expectStillServing();
  });
});
