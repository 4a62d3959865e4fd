// One two-shard ClickHouse cluster for the whole run, started once before the first test
// file: test files take databases of their own on it (clickhouse-database.ts) instead of
// each starting and stopping servers.
import type { TestProject } from 'vitest/node';
import { startClickHouse } from './clickhouse-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared cluster's shard URLs, first shard first. */
    clickhouseShardUrls: string[];
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startClickHouse({ shards: 2 });
  project.provide('clickhouseShardUrls', cluster.nodes.map((node) => node.url));
  return () => cluster.stop();
}
