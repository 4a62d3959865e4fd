import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/http-error.ts';
import { ingestAdmission } from './ingest-admission.ts';

/** An app whose ingest route waits until the test releases it, on a clock the test sets. */
function appWithClock(lag = { ms: 0 }) {
  let clock = 0;
  const releases: Array<() => void> = [];
  const app = new Hono();
  const admit = ingestAdmission({ maxWaitMs: 2000, maxLoopLagMs: 500, loopLag: lag, now: () => clock });
  app.use('*', (_c, next) => admit(next));
  app.post('/1/events/x', async (c) => {
    await new Promise<void>((resolve) => releases.push(resolve));
    return c.text('ok');
  });
  app.onError((error, c) => (error instanceof HttpError ? c.json({ error: error.message }, error.status, error.headers) : c.text('bad', 500)));
  const send = () => app.request('/1/events/x', { method: 'POST' });
  return { send, releases, tick: (ms: number) => (clock += ms), admit };
}

describe('ingest admission', () => {
  it('lets one slow request wait without refusing others', async () => {
    const { send, releases, tick } = appWithClock();
    const slow = send();
    tick(10_000);
    const next = send();
    await new Promise((resolve) => setImmediate(resolve));
    expect(releases).toHaveLength(2);
    releases.forEach((release) => release());
    expect((await slow).status).toBe(200);
    expect((await next).status).toBe(200);
  });

  it('refuses with 429 and Retry-After once most requests in flight waited too long, and recovers', async () => {
    const { send, releases, tick, admit } = appWithClock();
    const waiting = [send(), send(), send()];
    tick(2500);
    // The refusal a request arriving now would get, told without running it.
    expect(admit.refusal()?.message).toMatch(/wait longer than 2s/);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    releases.forEach((release) => release());
    await Promise.all(waiting);
    const later = send();
    await new Promise((resolve) => setImmediate(resolve));
    releases.at(-1)!();
    expect((await later).status).toBe(200);
  });

  it('refuses while the event loop runs late', async () => {
    const lag = { ms: 800 };
    const { send, releases, admit } = appWithClock(lag);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toContain('800 ms late');
    lag.ms = 10;
    expect(admit.refusal()).toBeNull();
    const admitted = send();
    await new Promise((resolve) => setImmediate(resolve));
    releases[0]();
    expect((await admitted).status).toBe(200);
  });
});
