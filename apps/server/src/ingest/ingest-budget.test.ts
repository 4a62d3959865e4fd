import { describe, expect, it } from 'vitest';
import { DECODED_BYTES_PER_BODY_BYTE, IngestBudget, reservationFor, UNDECLARED_FIRST_RESERVATION } from './ingest-budget.ts';
import { HttpError } from '../http/http-error.ts';
import { MemoryBudget, RESERVABLE_SHARE } from '../hardening/memory-budget.ts';

const ample = () => new MemoryBudget(1024 ** 3);

describe('IngestBudget', () => {
  it('refuses work over the budget with 429 and Retry-After, and frees it when work ends', async () => {
    const memory = ample();
    const budget = new IngestBudget(100, memory);
    let release!: () => void;
    const held = budget.run(80, () => new Promise<void>((r) => (release = r)));
    expect(memory.bytesInUse, 'drawn from the memory limit at what decoded events take').toBe(80 * DECODED_BYTES_PER_BODY_BYTE);
    const refused = await budget.run(30, async () => 'ran').catch((e: unknown) => e);
    // What refusal() tells before any work starts is what run() answers.
    expect(budget.refusal(30)).toEqual(refused);
    expect(budget.refusal(20)).toBeNull();
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(429);
    expect((refused as HttpError).headers['retry-after']).toBe('1');
    expect(await budget.run(20, async () => 'fits')).toBe('fits');
    release();
    await held;
    expect(budget.bytesInUse).toBe(0);
    expect(memory.bytesInUse).toBe(0);
    expect(await budget.run(100, async () => 'whole budget')).toBe('whole budget');
  });

  it('always lets one request through, however large, so a lone big body is judged by the body limit', async () => {
    expect(await new IngestBudget(10, ample()).run(50, async () => 'ok')).toBe('ok');
  });

  it('refuses when the memory limit is taken by other work, however empty ingest is', async () => {
    const memory = new MemoryBudget(512 * 1024 ** 2);
    const query = memory.reserve(memory.reservableBytes - 100, 'a query');
    const refused = await new IngestBudget(1e9, memory).run(1000, async () => 'ran').catch((e: unknown) => e);
    expect((refused as HttpError).status).toBe(429);
    expect(new IngestBudget(1e9, memory).refusal(1000)?.status).toBe(429);
    query.release();
    expect(memory.reservableBytes).toBe(Math.floor(512 * 1024 ** 2 * RESERVABLE_SHARE));
  });

  it('grows the hold of a chunked body as it arrives, refusing once it passes the budget', async () => {
    const budget = new IngestBudget(1000, ample());
    let other!: () => void;
    const held = budget.run(600, () => new Promise<void>((r) => (other = r)));
    const outcome = await budget
      .run(100, async (hold) => {
        hold.grow(200);
        expect(hold.bytes).toBe(300);
        hold.grow(200);
        return 'read';
      })
      .catch((e: unknown) => e);
    expect((outcome as HttpError).status).toBe(429);
    expect(budget.bytesInUse, 'what the refused request held is freed').toBe(600);
    other();
    await held;
  });

  it('reserves the declared size, more for compressed bodies, and a first chunk when undeclared', () => {
    const req = (headers: Record<string, string>) => new Request('http://x/', { method: 'POST', headers });
    expect(reservationFor(req({ 'content-length': '1000' }), 1e6)).toBe(1000);
    expect(reservationFor(req({ 'content-length': '1000', 'content-encoding': 'gzip' }), 1e6)).toBe(10_000);
    expect(reservationFor(req({}), 1e6)).toBe(UNDECLARED_FIRST_RESERVATION);
    expect(reservationFor(req({ 'content-length': '5000000' }), 1e6)).toBe(1e6);
  });
});
