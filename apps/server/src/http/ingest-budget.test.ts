import { describe, expect, it } from 'vitest';
import { IngestBudget, reservationFor } from './ingest-budget.ts';
import { HttpError } from './http-error.ts';

describe('IngestBudget', () => {
  it('refuses work over the budget with 429 and Retry-After, and frees it when work ends', async () => {
    const budget = new IngestBudget(100);
    let release!: () => void;
    const held = budget.run(80, () => new Promise<void>((r) => (release = r)));
    const refused = await budget.run(30, async () => 'ran').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(429);
    expect((refused as HttpError).headers['retry-after']).toBe('1');
    expect(await budget.run(20, async () => 'fits')).toBe('fits');
    release();
    await held;
    expect(budget.bytesInUse).toBe(0);
    expect(await budget.run(100, async () => 'whole budget')).toBe('whole budget');
  });

  it('always lets one request through, however large, so a lone big body is judged by the body limit', async () => {
    expect(await new IngestBudget(10).run(50, async () => 'ok')).toBe('ok');
  });

  it('reserves the declared size, more for compressed bodies, and the limit when undeclared', () => {
    const req = (headers: Record<string, string>) => new Request('http://x/', { method: 'POST', headers });
    expect(reservationFor(req({ 'content-length': '1000' }), 1e6)).toBe(1000);
    expect(reservationFor(req({ 'content-length': '1000', 'content-encoding': 'gzip' }), 1e6)).toBe(10_000);
    expect(reservationFor(req({}), 1e6)).toBe(1e6);
    expect(reservationFor(req({ 'content-length': '5000000' }), 1e6)).toBe(1e6);
  });
});
