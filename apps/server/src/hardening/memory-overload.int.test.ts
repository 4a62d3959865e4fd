// RSS under the memory limit through a realistic overload: many senders post OTLP spans
// (about thirty attributes each, from twenty services) as fast as they are answered,
// ignoring Retry-After, while queries run; the `flashlight serve` child, started with the
// default --memory-limit (1 GiB) and the heap cap it asks for, is sampled all along and
// must stay under the limit, answering only 2xx or 429/503 with Retry-After. Then it is
// killed (SIGKILL) and must reopen with every acknowledged span. 5 s on DuckDB in
// `npm test`, in which the senders fill the admission budget over and over (most answers
// are 429s); 60 s with `npm run soak`, on DuckDB and on a two-shard ClickHouse cluster.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnLimitedServer } from './limited-server.ts';
import { sampleRss } from './process-usage.ts';
import { realisticSpanPayloads } from './realistic-spans.ts';
import { soakOr } from './soak.ts';
import { createClickHouseDatabase } from '../testing/clickhouse-database.ts';
import type { ServerConfigInput } from '../config.ts';
import { startServer } from '../server.ts';

const SECONDS = soakOr(5, 60);
const SENDERS = 24;
const SERVICES = 20;
const SPANS_PER_PAYLOAD = 200;
const MEMORY_LIMIT = 1024 ** 3;

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.each(soakOr(['duckdb'] as const, ['duckdb', 'clickhouse'] as const))('memory under a realistic overload on %s', (engine) => {
  it(
    `keeps RSS under the memory limit through ${SECONDS}s of OTLP from ${SENDERS} senders that ignore Retry-After`,
    { timeout: (SECONDS + 120) * 1000 },
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-memory-overload-'));
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      // The same store for the child, as flags, and for the server that reopens it after.
      let store: ServerConfigInput = {};
      let args: string[] = [];
      if (engine === 'clickhouse') {
        const clickhouse = await createClickHouseDatabase({ shards: 2 });
        cleanups.push(() => clickhouse.drop());
        store = clickhouse.flags;
        args = clickhouse.args;
      }
      const server = await spawnLimitedServer(dataDir, MEMORY_LIMIT, args);
      cleanups.push(async () => {
        server.child.kill('SIGKILL');
        await server.exited;
      });
      const payloads = realisticSpanPayloads(2 * SERVICES, SPANS_PER_PAYLOAD, SERVICES).map((p) => new Uint8Array(p));

      const rss = sampleRss(server.child.pid!, 100);
      const statuses = new Map<string, number>();
      const tally = (status: string) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
      // One payload first, so that the queries alongside have a dataset to read from the start.
      const first = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: payloads[0] });
      expect(first.status).toBe(200);
      let acknowledgedSpans = SPANS_PER_PAYLOAD;
      const end = Date.now() + SECONDS * 1000;
      const senders = Array.from({ length: SENDERS }, async (_, sender) => {
        for (let n = sender; Date.now() < end; n++) {
          const response = await fetch(`${server.url}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf' },
            body: payloads[n % payloads.length],
          });
          await response.arrayBuffer();
          if (response.status === 200) acknowledgedSpans += SPANS_PER_PAYLOAD;
          tally(response.status === 200 || response.headers.get('retry-after') !== null ? String(response.status) : `${response.status} without Retry-After`);
        }
      });
      const queryStatuses: number[] = [];
      const querier = (async () => {
        for (let n = 0; Date.now() < end; n++) {
          const response = await fetch(`${server.url}/api/v1/query`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              dataset: n % 2 === 0 ? 'svc-0' : '__all__',
              query: { calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }], breakdowns: ['http.route', 'app.team'], time_range: 3600 },
            }),
          });
          await response.arrayBuffer();
          queryStatuses.push(response.status);
        }
      })();
      await Promise.all([...senders, querier]);
      const peak = rss.stop();
      const statusLine = [...statuses].map(([status, count]) => `${status}: ${count}`).join(', ');
      console.log(
        `memory overload: ${acknowledgedSpans} spans acknowledged in ${SECONDS}s; answers ${statusLine}; queries ${queryStatuses.filter((s) => s === 200).length}/${queryStatuses.length} answered; peak RSS ${(peak / 1024 ** 2).toFixed(0)} MiB under a ${MEMORY_LIMIT / 1024 ** 2} MiB limit`,
      );

      expect(
        [...statuses.keys()].filter((s) => !['200', '429', '503'].includes(s)),
        'only 2xx, 429 and 503 with Retry-After',
      ).toEqual([]);
      expect(acknowledgedSpans).toBeGreaterThan(0);
      expect(
        queryStatuses.filter((s) => s !== 200 && s !== 503),
        'queries answer',
      ).toEqual([]);
      expect(queryStatuses).toContain(200);
      expect(peak).toBeLessThan(MEMORY_LIMIT);

      // Killed mid-flight, the store reopens with every acknowledged span.
      server.child.kill('SIGKILL');
      await server.exited;
      const reopened = await startServer({ port: 0, dataDir, quiet: true, grpcPort: 'off', ...store }, { env: {} });
      try {
        const response = await fetch(`${reopened.url}/api/v1/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ dataset: '__all__', query: { calculations: [{ op: 'COUNT' }], time_range: 7200 } }),
        });
        const body = (await response.json()) as { data: { results: Array<{ data: { COUNT: number } }> } };
        expect(response.status, JSON.stringify(body)).toBe(200);
        expect(body.data.results[0].data.COUNT, 'every acknowledged span is there').toBeGreaterThanOrEqual(acknowledgedSpans);
      } finally {
        await reopened.close();
      }
    },
  );
});
