// A real Flashlight server on a free loopback port with its own temporary data
// directory, for tests of anything that talks to Flashlight; on either store engine.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../server.ts';
import type { ServerConfigInput } from '../config.ts';
import type { EngineName } from '../store/store.ts';
import { startClickHouse } from './clickhouse-server.ts';

export interface TempServer extends RunningServer {
  dataDir: string;
  /** Closes the server (and its ClickHouse, if it started one) and deletes its data. */
  dispose(): Promise<void>;
}

/** Both engines, for suites that run once on each: `describe.each(ENGINES)`. */
export const ENGINES: readonly EngineName[] = ['duckdb', 'clickhouse'];

export async function startTempServer(flags: ServerConfigInput = {}): Promise<TempServer> {
  const dataDir = flags.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'flashlight-test-')));
  const server = await startServer({ port: 0, quiet: true, ...flags, dataDir }, { env: {} });
  return {
    ...server,
    dataDir,
    async dispose() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A temporary server on `engine`; for ClickHouse, on a ClickHouse server of its own, or
 * on a cluster of `shards` single-node shards of its own.
 */
export async function startTempServerOn(engine: EngineName, flags: ServerConfigInput = {}, options: { shards?: number } = {}): Promise<TempServer> {
  if (engine === 'duckdb') return startTempServer({ ...flags, store: 'duckdb' });
  const clickhouse = await startClickHouse({ shards: options.shards });
  try {
    const server = await startTempServer({ ...flags, store: 'clickhouse', clickhouseUrl: clickhouse.urls, clickhouseCluster: clickhouse.cluster });
    return {
      ...server,
      async dispose() {
        await server.dispose();
        await clickhouse.stop();
      },
    };
  } catch (error) {
    await clickhouse.stop();
    throw error;
  }
}
