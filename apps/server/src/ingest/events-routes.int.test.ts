// The events API with a real client: libhoney sends batches to /1/batch/:dataset and
// reads one status per event; what it sent is stored as it was sent, on either engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Libhoney from 'libhoney';
import { encode } from '@msgpack/msgpack';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { readEvents } from '../store/read-events.ts';
import { goTimeText, sendGoBatch, type GoEvent } from '../testing/libhoney-go-batch.ts';
import { zstdFrames } from '../http/zstd-frames.ts';
import { zstdCompress } from '../testing/zstd-compress.ts';

interface HoneyResponse {
  status_code?: number;
  error?: unknown;
  metadata?: unknown;
}

let server: TempServer;

describe.each(ENGINES)('events API on %s', (engine) => {
  beforeAll(async () => {
    server = await startTempServerOn(engine);
  });
  afterAll(async () => server?.dispose());

  it('stores what libhoney sends, sample rates and times included', async () => {
    const responses: HoneyResponse[] = [];
    const honey = new Libhoney({
      writeKey: 'local-key',
      dataset: 'checkout api',
      apiHost: server.url,
      batchSizeTrigger: 50,
      responseCallback: (batch: HoneyResponse[]) => responses.push(...batch),
    });
    const base = Date.UTC(2026, 10, 27, 9, 0, 0);
    for (let i = 0; i < 120; i++) {
      const event = honey.newEvent();
      event.add({ 'http.route': `/items/${i % 3}`, duration_ms: i * 1.5, 'user.id': `u${i}`, ok: i % 7 !== 0, seq: i });
      event.timestamp = new Date(base + i * 1000);
      event.sampleRate = i % 2 === 0 ? 1 : 10;
      event.metadata = i;
      event.sendPresampled();
    }
    await honey.flush();

    expect(responses).toHaveLength(120);
    expect(responses.every((r) => r.status_code === 202 && !r.error)).toBe(true);

    const stored = await readEvents(server.store, 'default', 'checkout api');
    expect(stored).toHaveLength(120);
    stored.sort((a, b) => (a.fields.seq as number) - (b.fields.seq as number));
    stored.forEach((event, i) => {
      expect(event).toEqual({
        timeUs: (base + i * 1000) * 1000,
        sampleRate: i % 2 === 0 ? 1 : 10,
        fields: { 'http.route': `/items/${i % 3}`, duration_ms: i * 1.5, 'user.id': `u${i}`, ok: i % 7 !== 0, seq: i },
      });
    });
  });

  it('answers each batch item with its own status, in order', async () => {
    const response = await fetch(`${server.url}/1/batch/mixed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ data: { a: 1 } }, { data: 'nope' }, { data: { a: 2 }, samplerate: -3 }, 7, { data: { a: 3 }, time: '2026-01-01T00:00:00Z' }]),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { status: 202 },
      { status: 400, error: 'event data must be a JSON object of fields' },
      { status: 400, error: 'samplerate -3 must be a number >= 1' },
      { status: 400, error: 'batch item must be an object {data, time, samplerate}' },
      { status: 202 },
    ]);
    const stored = await readEvents(server.store, 'default', 'mixed');
    expect(stored.map((e) => e.fields.a).sort()).toEqual([1, 3]);
  });

  it('tells the sender when fields went past the column limit, and keeps them', async () => {
    const limited = await startTempServerOn(engine, { maxColumnsPerDataset: 16 });
    try {
      const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`field${i}`, i]));
      const response = await fetch(`${limited.url}/1/batch/wide`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ data: wide }]),
      });
      const [status] = (await response.json()) as Array<{ status: number; warning?: string }>;
      expect(status.status).toBe(202);
      expect(status.warning).toMatch(/16/);
      const single = await fetch(`${limited.url}/1/events/wide`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...wide, field99: 1 }),
      });
      expect(single.headers.get('x-flashlight-warning')).toMatch(/16/);
      const [stored] = await readEvents(limited.store, 'default', 'wide');
      const overflow = Object.keys(stored.fields).filter((name) => !name.startsWith('field'));
      expect(overflow.length).toBeGreaterThan(0);
    } finally {
      await limited.dispose();
    }
  });

  it('takes a single event with its time and sample rate from headers', async () => {
    const response = await fetch(`${server.url}/1/events/single`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-honeycomb-event-time': '2026-11-27T10:00:00.000250Z',
        'x-honeycomb-samplerate': '4',
      },
      body: JSON.stringify({ name: 'one', nested: { x: [1, 2] } }),
    });
    expect(response.status).toBe(200);
    const [event] = await readEvents(server.store, 'default', 'single');
    expect(event).toEqual({
      timeUs: Date.UTC(2026, 10, 27, 10) * 1000 + 250,
      sampleRate: 4,
      fields: { name: 'one', nested: '{"x":[1,2]}' },
    });
  });

  describe('libhoney-go requests', () => {
    const baseNs = BigInt(Date.UTC(2026, 10, 27, 9, 0, 0)) * 1_000_000n;
    const goEvents = (prefix: string): GoEvent[] =>
      Array.from({ length: 6 }, (_, i) => ({
        // Go's msgpack writes ints as int64: bigint here.
        data: { 'http.route': `/${prefix}/${i % 2}`, status: 200n + BigInt(i), duration_ms: i * 0.25, ok: i !== 3, seq: BigInt(i) },
        sampleRate: i % 3 === 0 ? 5 : 1,
        timeNs: baseNs + BigInt(i) * 1_000_000_123n,
      }));
    const expected = (prefix: string) =>
      goEvents(prefix).map((event, i) => ({
        // Microseconds, the nanoseconds past them cut: the store keeps no finer grain.
        timeUs: Number(event.timeNs! / 1000n),
        sampleRate: event.sampleRate,
        fields: { 'http.route': `/${prefix}/${i % 2}`, status: 200 + i, duration_ms: i * 0.25, ok: i !== 3, seq: i },
      }));

    const cases = [
      { name: 'JSON, zstd (the default)', prefix: 'json-zstd', options: {} },
      { name: 'msgpack, zstd', prefix: 'msgpack-zstd', options: { msgpack: true } },
      {
        name: 'msgpack, uncompressed, as application/x-msgpack',
        prefix: 'msgpack-plain',
        options: { msgpack: true, compression: 'none', contentType: 'application/x-msgpack' },
      },
      { name: 'JSON, gzip', prefix: 'json-gzip', options: { compression: 'gzip' } },
      { name: 'JSON, uncompressed', prefix: 'json-plain', options: { compression: 'none' } },
    ] as const;

    it.each(cases)('lands $name, answered in the encoding libhoney-go reads', async ({ prefix, options }) => {
      const answer = await sendGoBatch(server.url, `go ${prefix}`, goEvents(prefix), options);
      expect(answer.httpStatus).toBe(200);
      const msgpack = 'msgpack' in options && options.msgpack;
      expect(answer.contentType).toBe(msgpack ? 'application/msgpack' : 'application/json');
      expect(answer.statuses).toEqual(Array.from({ length: 6 }, () => ({ status: 202 })));
      const stored = await readEvents(server.store, 'default', `go ${prefix}`);
      expect(stored).toEqual(expected(prefix));
    });

    it('lands a default batch past the 64 KiB window: every event, once', async () => {
      const events: GoEvent[] = Array.from({ length: 1500 }, (_, i) => ({ data: { seq: BigInt(i), note: `event ${i} `.repeat(8) }, timeNs: baseNs }));
      const answer = await sendGoBatch(server.url, 'go-wide-window', events);
      expect([...zstdFrames(answer.sent)].map((frame) => frame.windowBytes)).toEqual([64 * 1024]);
      expect(answer.statuses.filter((status) => status.status === 202)).toHaveLength(1500);
      const stored = await readEvents(server.store, 'default', 'go-wide-window');
      // One timestamp for all: the engines may give them back in any order.
      expect(stored.map((event) => Number(event.fields.seq)).sort((a, b) => a - b)).toEqual(events.map((_, i) => i));
    });

    it('answers a bad msgpack item with its own status, in msgpack', async () => {
      const answer = await sendGoBatch(server.url, 'go-bad', [{ data: { a: 1n } }, { data: 'nope' as unknown as GoEvent['data'] }], { msgpack: true });
      expect(answer.contentType).toBe('application/msgpack');
      expect(answer.statuses).toEqual([{ status: 202 }, { status: 400, error: 'event data must be a JSON object of fields' }]);
    });

    it('takes a single msgpack event, zstd-compressed, at /1/events', async () => {
      const response = await fetch(`${server.url}/1/events/go-single`, {
        method: 'POST',
        headers: { 'content-type': 'application/msgpack', 'content-encoding': 'zstd', 'x-honeycomb-samplerate': '3' },
        body: new Uint8Array(await zstdCompress(encode({ name: 'one', count: 2n ** 62n + 1n }, { useBigInt64: true }))),
      });
      expect(response.status).toBe(200);
      const [event] = await readEvents(server.store, 'default', 'go-single');
      expect([event.sampleRate, event.fields]).toEqual([3, { name: 'one', count: 2n ** 62n + 1n }]);
    });

    it('writes times as Go does', () => {
      expect(goTimeText(1_700_000_000_000_000_000n)).toBe('2023-11-14T22:13:20Z');
      expect(goTimeText(1_700_000_000_120_000_000n)).toBe('2023-11-14T22:13:20.12Z');
    });

    it('refuses a zstd body that is not zstd', async () => {
      const garbage = await fetch(`${server.url}/1/batch/go-bad`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' },
        body: 'not zstd at all',
      });
      expect(garbage.status).toBe(400);
      expect(await garbage.text()).toMatch(/not valid zstd/);
    });
  });
});
