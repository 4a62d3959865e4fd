// A two-shard ClickHouse cluster on loopback behind two Flashlight servers (real
// `flashlight serve` processes): both ingest at once, every query answers as one DuckDB
// holding the same events does, and killing one server mid-ingest loses nothing it
// acknowledged.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../../testing/clickhouse-database.ts';
import { spawnServer, type ServerProcess } from '../../testing/server-process.ts';
import { startTempServer, type TempServer } from '../../testing/temp-server.ts';
import { postAcknowledged } from '../../testing/acknowledged-batch.ts';
import { expectSameAnswer } from '../../testing/same-answer.ts';
import { generateEvents, type GeneratedEvent } from '../../query/test-fixtures/generated-events.ts';
import { readEvents } from '../read-events.ts';
import { dropExpiredPartitions, openClickHouseStore } from './index.ts';
import { ClickHouseNodes } from './clickhouse-nodes.ts';
import { ClickHouseHttp } from './clickhouse-http.ts';

const HOUR = 3600;
const T0 = Math.floor(Date.now() / 1000 / HOUR) * HOUR - 2 * HOUR;
const events = generateEvents({ count: 2000, startMs: T0 * 1000, spanMs: HOUR * 1000, seed: 13 });
const log = { info() {}, warn() {}, error() {} };

let duckdb: TempServer;
const dirs: string[] = [];
const processes: ServerProcess[] = [];
const databases: ClickHouseDatabase[] = [];

/** A database over both shards of the cluster. */
async function clusterDatabase(): Promise<ClickHouseDatabase> {
  const database = await createClickHouseDatabase({ shards: 2 });
  databases.push(database);
  return database;
}

async function serveOnCluster(cluster: ClickHouseDatabase): Promise<ServerProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'flashlight-ch-node-'));
  dirs.push(dataDir);
  const server = await spawnServer(dataDir, cluster.args);
  processes.push(server);
  return server;
}

/** Posts one batch; true only when every event was acknowledged. */
function postBatch(url: string, dataset: string, batch: GeneratedEvent[]): Promise<boolean> {
  return postAcknowledged(
    url,
    dataset,
    batch.map((e) => ({ data: e.fields, time: new Date(e.timeMs).toISOString(), samplerate: e.sampleRate })),
  );
}

async function query(url: string, spec: Record<string, unknown>) {
  const response = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    body: JSON.stringify({ dataset: 'shop', query: { start_time: T0, end_time: T0 + HOUR, granularity: 300, ...spec } }),
  });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return (body as { data: unknown }).data;
}

beforeAll(async () => {
  duckdb = await startTempServer();
});
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
  await duckdb?.dispose();
  await Promise.all(databases.map((d) => d.drop()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('Flashlight on a two-shard ClickHouse cluster', () => {
  test('two servers ingest at once; both answer as one DuckDB with the same events', async () => {
    const shop = await clusterDatabase();
    const [a, b] = [await serveOnCluster(shop), await serveOnCluster(shop)];
    const batches = Array.from({ length: events.length / 100 }, (_, i) => events.slice(i * 100, (i + 1) * 100));
    const acks = await Promise.all(batches.map((batch, i) => postBatch((i % 2 === 0 ? a : b).url, 'shop', batch)));
    expect(acks.every(Boolean)).toBe(true);
    for (const batch of batches) expect(await postBatch(duckdb.url, 'shop', batch)).toBe(true);

    // Both shards hold part of the data.
    for (const url of shop.nodeUrls) {
      const { data } = await new ClickHouseHttp(url, { database: shop.database }).select(
        "SELECT count() AS n FROM system.parts WHERE database = currentDatabase() AND active AND startsWith(table, 'ds_')",
      );
      expect(Number(data[0].n)).toBeGreaterThan(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the catalog's refresh age
    const specs = [
      {
        calculations: [{ op: 'COUNT' }, { op: 'P95', column: 'duration_ms' }, { op: 'COUNT_DISTINCT', column: 'user.id' }],
        breakdowns: ['service.name', 'error'],
      },
      {
        calculations: [
          { op: 'HEATMAP', column: 'duration_ms' },
          { op: 'AVG', column: 'duration_ms' },
        ],
        filters: [{ column: 'http.route', op: 'starts-with', value: '/c' }],
      },
      {
        calculations: [
          { op: 'SUM', column: 'db.rows' },
          { op: 'MAX', column: 'http.status_code' },
        ],
        breakdowns: ['http.route'],
        havings: [{ calculate_op: 'SUM', column: 'db.rows', op: '>', value: 0 }],
      },
    ];
    for (const spec of specs) {
      const expected = await query(duckdb.url, spec);
      expectSameAnswer(await query(a.url, spec), expected);
      expectSameAnswer(await query(b.url, spec), expected);
    }

    // A trace written through one server, in two datasets, is found through the other.
    const span = (dataset: string, id: string, parent?: string) =>
      postBatch(a.url, dataset, [
        {
          timeMs: T0 * 1000 + 500,
          sampleRate: 1,
          fields: { 'trace.trace_id': 'c0ffee', 'trace.span_id': id, ...(parent ? { 'trace.parent_id': parent } : {}), name: id, duration_ms: 3 },
        },
      ]);
    expect([await span('frontend', 'root'), await span('shop', 'child', 'root')]).toEqual([true, true]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const trace = (await (await fetch(`${b.url}/api/v1/traces/c0ffee`)).json()) as { spans: { spanId?: string; name?: string }[] };
    expect(trace.spans.map((s) => s.name).sort()).toEqual(['child', 'root']);
  });

  test('killing one server mid-ingest loses nothing it acknowledged', async () => {
    const cluster = await clusterDatabase();
    const [victim, survivor] = [await serveOnCluster(cluster), await serveOnCluster(cluster)];
    const acknowledged = new Set<number>();
    let next = 0;
    let killed = false;
    const writer = async (url: string, stopAfterKill: boolean) => {
      for (let acks = 0; !(stopAfterKill && killed) && acks < 15;) {
        const first = next;
        next += 50;
        const batch = Array.from({ length: 50 }, (_, i) => ({ timeMs: T0 * 1000 + first + i, sampleRate: 1, fields: { seq: first + i } }));
        if (await postBatch(url, 'durable', batch)) {
          batch.forEach((e) => acknowledged.add(e.fields.seq));
          acks++;
          if (url === victim.url && acks === 8 && !killed) {
            killed = true;
            victim.child.kill('SIGKILL');
          }
        } else if (url === victim.url) return;
      }
    };
    await Promise.all([writer(victim.url, true), writer(victim.url, true), writer(survivor.url, false)]);
    await victim.exited;
    expect(killed).toBe(true);

    const store = await openClickHouseStore({
      url: cluster.urls,
      cluster: cluster.cluster,
      database: cluster.database,
      maxColumnsPerDataset: 100,
      maxPendingEvents: 1000,
      log,
    });
    try {
      const seqs = (await readEvents(store, 'default', 'durable')).map((e) => e.fields.seq as number);
      const stored = new Set(seqs);
      expect(stored.size, 'no event is stored twice').toBe(seqs.length);
      expect(
        [...acknowledged].filter((seq) => !stored.has(seq)),
        'acknowledged events missing',
      ).toEqual([]);
      expect(acknowledged.size).toBeGreaterThanOrEqual(50 * (8 + 15));
    } finally {
      await store.close();
    }
  });

  test('a server starting on a cluster gives a new, empty shard every table and column', async () => {
    const cluster = await clusterDatabase();
    const options = { url: cluster.urls, cluster: cluster.cluster, database: cluster.database, maxColumnsPerDataset: 100, maxPendingEvents: 1000, log };
    const first = await openClickHouseStore(options);
    await first.append({ environment: 'prod', dataset: 'api', events: [{ timeUs: T0 * 1e6, sampleRate: 1, fields: { route: '/a', n: 1 } }] });
    await first.close();
    // Shard 2 as if just added: nothing of Flashlight's on it (the catalog is on shard 1).
    const shard2 = new ClickHouseHttp(cluster.nodeUrls[1], { database: cluster.database });
    const { data: tables } = await shard2.select('SELECT name FROM system.tables WHERE database = currentDatabase()');
    for (const { name } of tables) await shard2.command(`DROP TABLE ${name as string}`);

    const second = await openClickHouseStore(options);
    try {
      const more = Array.from({ length: 40 }, (_, i) => ({ timeUs: T0 * 1e6 + i + 1, sampleRate: 1, fields: { route: '/b', n: i } }));
      await second.append({ environment: 'prod', dataset: 'api', events: more });
      // The first event may have been on shard 2, and dropped with it; every new one is here.
      expect((await readEvents(second, 'prod', 'api')).filter((e) => e.fields.route === '/b')).toHaveLength(40);
      const { data } = await shard2.select(
        "SELECT table, count() AS n FROM system.columns WHERE database = currentDatabase() AND endsWith(table, '_local') GROUP BY table ORDER BY table",
      );
      // The dataset's ts, sample_rate, route and n; the trace index's five.
      expect(data.map((row) => [String(row.table).slice(0, 3), Number(row.n)])).toEqual([
        ['ds_', 4],
        ['fl_', 5],
      ]);

      // Retention reaches every shard's tables, the trace index's included.
      const old = { timeUs: Date.now() * 1000 - 10 * 86_400e6, sampleRate: 1, fields: { route: '/old', 'trace.trace_id': 'old' } };
      await second.append({ environment: 'prod', dataset: 'api', events: [old] });
      const nodes = new ClickHouseNodes(
        cluster.nodeUrls.map((url) => new ClickHouseHttp(url, { database: cluster.database })),
        cluster.cluster,
        cluster.database,
      );
      expect(await dropExpiredPartitions(nodes, 3 * 86_400_000, Date.now())).toBe(2);
      expect((await readEvents(second, 'prod', 'api')).filter((e) => e.fields.route === '/old')).toEqual([]);
      expect(await second.findTrace('prod', 'old')).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
