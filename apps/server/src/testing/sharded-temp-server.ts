// A temporary server as `startTempServerOn` makes one, but on ClickHouse over a cluster of
// two shards (Distributed tables), where reads merge partial answers from each shard.
import type { EngineName } from '../store/store.ts';
import { startClickHouse } from './clickhouse-server.ts';
import { startTempServer, type TempServer } from './temp-server.ts';

export async function startShardedTempServerOn(engine: EngineName): Promise<TempServer> {
  if (engine === 'duckdb') return startTempServer({ store: 'duckdb' });
  const cluster = await startClickHouse({ shards: 2 });
  try {
    const server = await startTempServer({ store: 'clickhouse', clickhouseUrl: cluster.urls, clickhouseCluster: cluster.cluster });
    return {
      ...server,
      async dispose() {
        await server.dispose();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
