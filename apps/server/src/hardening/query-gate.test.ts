import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/http-error.ts';
import { queryGate } from './query-gate.ts';
import { MemoryBudget } from './memory-budget.ts';

function gatedApp(options: { maxConcurrent: number; timeoutMs: number; memory?: MemoryBudget }) {
  const releases: Array<() => void> = [];
  let finished = 0;
  const app = new Hono();
  app.use('*', queryGate({ memory: new MemoryBudget(1024 ** 3), ...options }));
  app.post('/api/v1/query', async (c) => {
    await new Promise<void>((resolve) => releases.push(resolve));
    finished++;
    return c.json({ ok: true });
  });
  app.onError((error, c) => (error instanceof HttpError ? c.json({ error: error.message }, error.status, error.headers) : c.text('bad', 500)));
  const query = () => app.request('/api/v1/query', { method: 'POST' });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  return { query, releases, settle, finished: () => finished };
}

describe('query gate', () => {
  it('refuses queries beyond the cap with 503 and Retry-After, and admits again when one ends', async () => {
    const { query, releases, settle } = gatedApp({ maxConcurrent: 2, timeoutMs: 10_000 });
    const running = [query(), query()];
    await settle();
    const refused = await query();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    releases[0]();
    expect((await running[0]).status).toBe(200);
    const admitted = query();
    await settle();
    releases.slice(1).forEach((release) => release());
    expect((await admitted).status).toBe(200);
    await running[1];
  });

  it('answers a query past its timeout with 503, and keeps its slot until it really ends', async () => {
    const { query, releases, settle, finished } = gatedApp({ maxConcurrent: 1, timeoutMs: 20 });
    const slow = await query();
    expect(slow.status).toBe(503);
    expect(((await slow.json()) as { error: string }).error).toMatch(/longer than 0.02s/);
    expect((await query()).status, 'the slow query still holds the only slot').toBe(503);
    releases[0]();
    await settle();
    expect(finished()).toBe(1);
    const next = query();
    await settle();
    releases[1]();
    expect((await next).status).toBe(200);
  });

  it('holds a share of the memory limit per query, and refuses when the limit is taken', async () => {
    const memory = new MemoryBudget(1024 ** 3);
    const { query, releases, settle } = gatedApp({ maxConcurrent: 4, timeoutMs: 10_000, memory });
    const running = query();
    await settle();
    expect(memory.bytesInUse).toBe(Math.floor(memory.reservableBytes / 8));
    const export_ = memory.reserve(memory.reservableBytes - memory.bytesInUse - 1, 'an export');
    const refused = await query();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toMatch(/past its memory limit \(1024 MiB, --memory-limit\)/);
    export_.release();
    releases[0]();
    await running;
    expect(memory.bytesInUse).toBe(0);
  });
});
