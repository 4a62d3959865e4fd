// A database of its own on the run's shared ClickHouse cluster (clickhouse-global-setup.ts):
// on one node, or over both shards. Files stay apart because each names its own database.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ClickHouseHttp } from '../store/clickhouse/clickhouse-http.ts';
import { TEST_CLUSTER } from './clickhouse-server.ts';

export interface ClickHouseDatabase {
  /** The nodes' URLs, comma-separated, as `--clickhouse-url` takes them. */
  urls: string;
  /** Each node's URL. */
  nodeUrls: readonly string[];
  /** Set when the database spans both shards of `TEST_CLUSTER`. */
  cluster?: string;
  database: string;
  /** The server flags that put a Flashlight on this database. */
  flags: { store: 'clickhouse'; clickhouseUrl: string; clickhouseCluster?: string; clickhouseDatabase: string };
  /** The same, as a server process's command-line arguments. */
  args: string[];
  /** Drops the database from every node. */
  drop(): Promise<void>;
}

/** A new, empty database on the first shard alone (`shards: 1`) or on both shards as a cluster. */
export async function createClickHouseDatabase(options: { shards?: 1 | 2 } = {}): Promise<ClickHouseDatabase> {
  const shardUrls = await sharedClusterUrls();
  const nodeUrls = options.shards === 2 ? shardUrls : shardUrls.slice(0, 1);
  const cluster = options.shards === 2 ? TEST_CLUSTER : undefined;
  const database = `test_${randomUUID().replaceAll('-', '')}`;
  const nodes = nodeUrls.map((url) => new ClickHouseHttp(url));
  await Promise.all(nodes.map((node) => node.command(`CREATE DATABASE ${database}`)));
  const urls = nodeUrls.join(',');
  return {
    urls,
    nodeUrls,
    cluster,
    database,
    flags: { store: 'clickhouse', clickhouseUrl: urls, clickhouseCluster: cluster, clickhouseDatabase: database },
    args: ['--store', 'clickhouse', '--clickhouse-url', urls, ...(cluster ? ['--clickhouse-cluster', cluster] : []), '--clickhouse-database', database],
    async drop() {
      await Promise.all(nodes.map((node) => node.command(`DROP DATABASE IF EXISTS ${database}`)));
    },
  };
}

let sharedShardUrls: Promise<string[]> | undefined;

/** The shared cluster's shard URLs, first shard first; the first call of the run starts it. */
function sharedClusterUrls(): Promise<string[]> {
  sharedShardUrls ??= fetch(inject('clickhouseClusterUrl')).then(async (response) => {
    if (!response.ok) throw new Error(`the shared ClickHouse cluster did not start: ${await response.text()}`);
    return (await response.json()) as string[];
  });
  return sharedShardUrls;
}
