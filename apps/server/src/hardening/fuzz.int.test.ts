// Fuzz over the OTLP protobuf and JSON decoders, the events API and the read and key
// APIs: random bytes, mutated real SDK payloads, compression bombs, deep nesting, huge
// strings, 100k distinct keys, and keys made of quotes, SQL and unicode. No request may crash the
// server or get a 5xx, and afterwards the catalog still matches the tables. Fixed seed
// and a few hundred requests per kind in `npm test`; `npm run fuzz` runs many more.
import { deflateSync, gzipSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../server.ts';
import { checkStore } from '../doctor/check-store.ts';
import { readEvents } from '../store/read-events.ts';
import { realPayloads, type RealPayloads } from './real-payloads.ts';
import { pick, randomBytes, randomInt, seededRandom, type Random } from './seeded-random.ts';
import { seedFor, soakOr } from './soak.ts';
import { HOSTILE_NAMES } from './hostile-names.ts';

const ITERATIONS = soakOr(80, 20_000);
const MAX_BODY = 4 * 1024 * 1024;
const protobuf = { 'content-type': 'application/x-protobuf' };
const json = { 'content-type': 'application/json' };

let dataDir: string;
let server: RunningServer;
let payloads: RealPayloads;
let random: Random;
const statuses = new Map<number, number>();
let sent = 0;

beforeAll(async () => {
  random = seededRandom(seedFor('fuzz', 11));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-fuzz-'));
  server = await startServer({ port: 0, dataDir, quiet: true, maxBodyBytes: MAX_BODY }, { env: {} });
  payloads = await realPayloads();
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Sends one request; any answer but a 5xx is fine, a 5xx or a dropped connection is not. */
async function send(urlPath: string, body: Uint8Array | string, headers: Record<string, string>, what: string): Promise<number> {
  sent++;
  const response = await fetch(server.url + urlPath, { method: 'POST', headers, body: body as BodyInit }).catch((error: Error) => {
    throw new Error(`${what}: the server dropped the connection (${error.message})`);
  });
  const text = await response.text();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  expect(response.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  return response.status;
}

async function expectStillServing() {
  const response = await fetch(`${server.url}/1/events/alive`, { method: 'POST', headers: json, body: '{"ok":true}' });
  expect(response.status).toBe(200);
}

/** One mutation of a real payload: flipped bytes, a cut, a repeated slice, or inserted noise. */
function mutate(source: Uint8Array): Uint8Array {
  const bytes = Uint8Array.from(source);
  const at = randomInt(random, 0, bytes.length - 1);
  switch (randomInt(random, 0, 4)) {
    case 0:
      for (let i = 0; i < randomInt(random, 1, 8); i++) bytes[randomInt(random, 0, bytes.length - 1)] = Math.floor(random() * 256);
      return bytes;
    case 1:
      return bytes.slice(0, at);
    case 2: {
      const end = randomInt(random, at, Math.min(bytes.length, at + 200));
      return Buffer.concat([bytes.slice(0, end), bytes.slice(at, end), bytes.slice(end)]);
    }
    case 3:
      return Buffer.concat([bytes.slice(0, at), randomBytes(random, randomInt(random, 1, 16)), bytes.slice(at)]);
    default: {
      // Structure-aware for JSON: swap one character for another token character.
      bytes[at] = pick(random, [...'{}[]",:0123456789-.etfn\\ ']).charCodeAt(0);
      return bytes;
    }
  }
}

/**
 * An ExportTraceServiceRequest whose one resource attribute nests `depth` AnyValues,
 * alternating arrays and key-value lists. Built inside out as a list of prefixes, so a
 * 100k-deep message costs linear time.
 */
function nestedProtobuf(depth: number): Uint8Array {
  const varint = (n: number) => {
    const out: number[] = [];
    for (; n > 127; n >>>= 7) out.push((n & 127) | 128);
    out.push(n);
    return out;
  };
  const leaf = Uint8Array.from([0x0a, 4, ...Buffer.from('leaf')]); // AnyValue.string_value
  const prefixes: Uint8Array[] = [];
  let size = leaf.length;
  /** Wraps what is built so far as length-delimited field `number`, after `before` inside it. */
  const wrap = (number: number, before: number[] = []) => {
    const inner = before.length + size;
    const prefix = Uint8Array.from([...varint((number << 3) | 2), ...varint(inner), ...before]);
    prefixes.push(prefix);
    size = prefix.length - before.length + inner;
  };
  const key = (text: string) => [0x0a, text.length, ...Buffer.from(text)]; // KeyValue.key
  for (let i = 0; i < depth; i++) {
    if (i % 2 === 0) {
      wrap(1); // ArrayValue.values
      wrap(5); // AnyValue.array_value
    } else {
      wrap(2); // KeyValue.value
      wrap(1, key('k')); // KeyValueList.values
      wrap(6); // AnyValue.kvlist_value
    }
  }
  wrap(2); // KeyValue.value
  wrap(1, key('deep')); // Resource.attributes
  wrap(1); // ResourceSpans.resource
  wrap(1); // ExportTraceServiceRequest.resource_spans
  return Buffer.concat([...prefixes.reverse(), leaf]);
}

function nestedJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** An OTLP/JSON request with one span; attributes as JSON text, so they may nest beyond what JSON.stringify can. */
function otlpJsonSpan(attributes: string): string {
  const now = String(Date.now() * 1e6);
  return (
    `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"fuzz-otlp"}}]},` +
    `"scopeSpans":[{"spans":[{"traceId":"${'ab'.repeat(16)}","spanId":"${'cd'.repeat(8)}","name":"fuzz","kind":1,` +
    `"startTimeUnixNano":"${now}","endTimeUnixNano":"${now}","attributes":${attributes}}]}]}]}`
  );
}

const attributesJson = (attributes: Array<{ key: string; value: unknown }>) => JSON.stringify(attributes);

describe('fuzz', { timeout: soakOr(60_000, 4 * 3_600_000) }, () => {
  const targets = [
    { path: '/v1/traces', headers: protobuf, seed: () => payloads.tracesProtobuf },
    { path: '/v1/logs', headers: protobuf, seed: () => payloads.logsProtobuf },
    { path: '/v1/traces', headers: json, seed: () => payloads.tracesJson },
    { path: '/v1/logs', headers: json, seed: () => payloads.logsJson },
    {
      path: '/1/batch/fuzz',
      headers: json,
      seed: () => Buffer.from(JSON.stringify([{ data: { a: 1, b: 'x', c: true, 'd.e': 2.5 }, time: new Date().toISOString(), samplerate: 4 }])),
    },
    { path: '/1/events/fuzz', headers: json, seed: () => Buffer.from(JSON.stringify({ a: 1, nested: { b: [1, 2, { c: null }] } })) },
  ];

  it.each(targets.map((t) => [`${t.path} ${t.headers['content-type']}`, t] as const))('random bytes and mutated real payloads to %s', async (_name, target) => {
    for (let i = 0; i < ITERATIONS; i++) {
      await send(target.path, randomBytes(random, randomInt(random, 0, 2048)), target.headers, `random bytes #${i} to ${target.path}`);
      const mutated = mutate(target.seed());
      await send(target.path, mutated, target.headers, `mutation #${i} of a real payload to ${target.path}`);
      if (i % 10 === 0) await send(target.path, gzipSync(mutated), { ...target.headers, 'content-encoding': 'gzip' }, `gzipped mutation #${i}`);
    }
    await expectStillServing();
  });

  it('refuses compression bombs with 413', async () => {
    const zeros = Buffer.alloc(256 * 1024 * 1024);
    expect(await send('/v1/traces', gzipSync(zeros), { ...protobuf, 'content-encoding': 'gzip' }, 'gzip bomb')).toBe(413);
    expect(await send('/1/batch/fuzz', deflateSync(zeros), { ...json, 'content-encoding': 'deflate' }, 'deflate bomb')).toBe(413);
    // Two layers: the inner bomb stays compressed bytes, which are not valid protobuf.
    expect(await send('/v1/logs', gzipSync(gzipSync(zeros)), { ...protobuf, 'content-encoding': 'gzip' }, 'nested gzip bomb')).toBe(400);
    await expectStillServing();
  });

  it('survives deep nesting', async () => {
    for (const depth of [100, 5_000, 100_000]) {
      await send('/v1/traces', nestedProtobuf(depth), protobuf, `protobuf AnyValue nested ${depth} deep`);
      await send('/1/events/fuzz-deep', nestedJson(depth), json, `events API object nested ${depth} deep`);
      await send('/1/batch/fuzz-deep', `[{"data":${nestedJson(depth)}}]`, json, `batch item nested ${depth} deep`);
      await send('/1/events/fuzz-deep', '['.repeat(depth) + ']'.repeat(depth), json, `arrays nested ${depth} deep`);
      const value = '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth) + '{"stringValue":"leaf"}' + '}]}}'.repeat(depth);
      await send('/v1/traces', otlpJsonSpan(`[{"key":"deep","value":${value}}]`), json, `OTLP JSON kvlist nested ${depth} deep`);
    }
    await expectStillServing();
  });

  it('survives huge strings and huge keys', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    await send('/1/events/fuzz-huge', JSON.stringify({ big: huge }), json, 'a 3 MiB value');
    await send('/1/events/fuzz-huge', JSON.stringify({ [huge.slice(0, 1024 * 1024)]: 1 }), json, 'a 1 MiB key');
    await send('/v1/traces', otlpJsonSpan(attributesJson([{ key: 'big', value: { stringValue: huge } }])), json, 'a 3 MiB OTLP attribute');
    await expectStillServing();
  });

  it('survives 100k distinct keys in one request', async () => {
    const event: Record<string, number> = {};
    for (let i = 0; i < 100_000; i++) event[`key.${i}`] = i;
    const status = await send('/1/events/fuzz-wide', JSON.stringify(event), json, '100k keys in one event');
    expect([200, 400, 413]).toContain(status);
    const attributes = Array.from({ length: 100_000 }, (_, i) => ({ key: `attr.${i}`, value: { intValue: String(i) } }));
    await send('/v1/traces', otlpJsonSpan(attributesJson(attributes)), json, '100k attributes on one span');
    const columns = (await (await fetch(`${server.url}/api/v1/datasets/fuzz-wide/columns`)).json()) as unknown[];
    expect(columns.length, 'the column limit holds').toBeLessThanOrEqual(server.config.maxColumnsPerDataset);
    await expectStillServing();
  });

  it('stores hostile keys and values exactly, through the events API and OTLP', async () => {
    const event = Object.fromEntries(HOSTILE_NAMES.map((name, i) => [name, `${name}#${i}`]));
    expect(await send('/1/events/fuzz-hostile', JSON.stringify(event), json, 'hostile keys')).toBe(200);
    const [stored] = await readEvents(server.store, 'default', 'fuzz-hostile');
    // Every name comes back exactly, `__proto__` included, and none becomes a prototype.
    const sorted = (fields: Record<string, unknown>) => Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sorted(stored.fields)).toEqual(sorted(event));
    expect(Object.getPrototypeOf(stored.fields)).toBe(Object.prototype);
    const attributes = HOSTILE_NAMES.map((key) => ({ key, value: { stringValue: key } }));
    expect(await send('/v1/traces', otlpJsonSpan(attributesJson(attributes)), json, 'hostile OTLP attribute keys')).toBe(200);
    await expectStillServing();
  });

  it('answers mutated API requests and hostile URLs with a 4xx, never a 5xx', async () => {
    // `root` is no key kind, and no one-byte mutation makes it one: the server stays open.
    const keyBody = Buffer.from(JSON.stringify({ name: 'fuzz', kind: 'root', environment: 'prod' }));
    const queryBody = Buffer.from(
      JSON.stringify({
        dataset: 'fuzz',
        query: {
          calculations: [{ op: 'COUNT' }, { op: 'P95', column: 'a' }],
          filters: [{ column: 'b', op: '=', value: 'x' }],
          breakdowns: ['c'],
          orders: [{ op: 'COUNT', order: 'descending' }],
          time_range: 3600,
          granularity: 60,
        },
      }),
    );
    const text = () => (random() < 0.5 ? pick(random, HOSTILE_NAMES) : Buffer.from(randomBytes(random, randomInt(random, 1, 40))).toString('latin1'));
    for (let i = 0; i < ITERATIONS; i++) {
      await send('/api/v1/keys', mutate(keyBody), json, `mutated key request #${i}`);
      await send('/api/v1/query', mutate(queryBody), json, `mutated query #${i}`);
      for (const url of [
        `/api/v1/datasets/${encodeURIComponent(text())}/columns`,
        `/api/v1/traces/${encodeURIComponent(text())}?start=${encodeURIComponent(text())}&end=${randomInt(random, -1e12, 1e12)}`,
        `/api/v1/audit?limit=${encodeURIComponent(text())}&environment=${encodeURIComponent(text())}`,
      ]) {
        sent++;
        const response = await fetch(server.url + url);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `GET ${url}: ${await response.text()}`).toBeLessThan(500);
      }
    }
    await expectStillServing();
  });

  it('leaves every dataset queryable and the catalog matching the tables', async () => {
    const datasets = (await (await fetch(`${server.url}/api/v1/datasets`)).json()) as Array<{ name: string }>;
    for (const { name } of datasets) {
      const columns = await fetch(`${server.url}/api/v1/datasets/${encodeURIComponent(name)}/columns`);
      expect(columns.status).toBe(200);
      const query = await fetch(`${server.url}/api/v1/query`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ dataset: name, query: { calculations: [{ op: 'COUNT' }], time_range: 7 * 86400 } }),
      });
      expect(query.status, `COUNT over ${name}: ${await query.clone().text()}`).toBe(200);
    }
    await server.close();
    expect((await checkStore(dataDir)).filter((f) => !f.ok)).toEqual([]);
    server = await startServer({ port: 0, dataDir, quiet: true, maxBodyBytes: MAX_BODY }, { env: {} });
    console.log(
      `fuzz: ${sent} requests, answers ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}; 0 5xx; ${datasets.length} datasets queryable; catalog consistent`,
    );
  });
});
