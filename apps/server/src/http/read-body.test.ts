import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBody } from './read-body.ts';
import { HttpError } from './http-error.ts';
import { IngestBudget } from '../ingest/ingest-budget.ts';
import { MemoryBudget } from '../hardening/memory-budget.ts';

const request = (body: Uint8Array | string, headers: Record<string, string> = {}) =>
  new Request('http://x/v1/traces', { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers });

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('readBody', () => {
  it('returns the body, decompressing gzip', async () => {
    const text = 'x'.repeat(1000);
    const body = await readBody(request(gzipSync(text), { 'content-encoding': 'gzip' }), 10_000);
    expect(Buffer.from(body).toString()).toBe(text);
  });

  it('refuses bodies over the limit with 413, before and after decompression', async () => {
    expect((await failure(readBody(request('x'.repeat(101)), 100))).status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(50_000_000));
    expect(bomb.byteLength).toBeLessThan(100_000);
    const error = await failure(readBody(request(bomb, { 'content-encoding': 'gzip' }), 1_000_000));
    expect(error.status).toBe(413);
    expect(error.message).toContain('after decompression');
  });

  it('refuses gzip that is not gzip, unknown encodings and empty bodies', async () => {
    expect((await failure(readBody(request('plain text', { 'content-encoding': 'gzip' }), 1000))).status).toBe(400);
    expect((await failure(readBody(request('abc', { 'content-encoding': 'br' }), 1000))).status).toBe(415);
    expect((await failure(readBody(request(''), 1000))).message).toBe('empty request body');
  });

  it('grows the ingest hold of a chunked body chunk by chunk, and stops at the first chunk that does not fit', async () => {
    let pulled = 0;
    const chunked = () =>
      new Request('http://x/v1/traces', {
        method: 'POST',
        duplex: 'half',
        body: new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulled++ === 10) return controller.close();
            controller.enqueue(new Uint8Array(1000));
          },
        }),
      } as RequestInit);
    const budget = new IngestBudget(5000, new MemoryBudget(1024 ** 3));
    expect(await budget.run(100, async (hold) => (await readBody(chunked(), 1_000_000, { hold })).byteLength)).toBe(10_000);
    pulled = 0;
    let other!: () => void;
    const held = budget.run(2500, () => new Promise<void>((r) => (other = r)));
    const refused = await failure(budget.run(100, (hold) => readBody(chunked(), 1_000_000, { hold })));
    expect(refused.status).toBe(429);
    expect(pulled, 'refused on the chunk that passed the budget, not after the whole body').toBeLessThan(6);
    other();
    await held;
  });
});
