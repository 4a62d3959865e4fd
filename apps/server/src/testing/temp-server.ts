// A real Flashlight server on a free loopback port with its own temporary data
// directory, for tests of anything that talks to Flashlight; on either store engine.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../server.ts';
import type { ServerConfigInput } from '../config.ts';
import type { EngineName } from '../store/store.ts';
import { createClickHouseDatabase } from './clickhouse-database.ts';
import type { Clock } from '../clock/clock.ts';

export interface TempServer extends RunningServer {
  dataDir: string;
  /** Closes the server and deletes its data (its ClickHouse database, if it has one). */
  dispose(): Promise<void>;
}

/** Both engines, for suites that run once on each: `describe.each(ENGINES)`. */
export const ENGINES: readonly EngineName[] = ['duckdb', 'clickhouse'];

/**
 * A real server on a free port and a data directory of its own. The watcher is off unless
 * `watch: true`: a test server is there for another feature, and its once-a-minute
 * evaluations would only add work to a busy suite (the watcher's own tests, and the demo's,
 * turn it on).
 */
export async function startTempServer(flags: ServerConfigInput = {}, options: Omit<StartOptions, 'env'> = {}): Promise<TempServer> {
  const dataDir = flags.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'flashlight-test-')));
  const server = await startServer({ port: 0, quiet: true, watch: false, ...flags, dataDir }, { ...options, env: {} });
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
 * A temporary server on the memory store, for tests of features whose point is not the
 * engine: no event files, no fsync; pass a TestClock to step through time.
 */
export function startMemoryServer(flags: ServerConfigInput = {}, options: Omit<StartOptions, 'env' | 'memoryStore'> = {}): Promise<TempServer> {
  return startTempServer(flags, { ...options, memoryStore: true });
}

/**
 * A temporary server on `engine`; for ClickHouse, on a database of its own on the run's
 * shared cluster, on one node or over both shards (`shards: 2`).
 */
export async function startTempServerOn(
  engine: EngineName,
  flags: ServerConfigInput = {},
  { shards, clock }: { shards?: 1 | 2; clock?: Clock } = {},
): Promise<TempServer> {
  if (engine === 'duckdb') return startTempServer({ ...flags, store: 'duckdb' }, { clock });
  const clickhouse = await createClickHouseDatabase({ shards });
  try {
    const server = await startTempServer({ ...flags, ...clickhouse.flags }, { clock });
    return {
      ...server,
      async dispose() {
        await server.dispose();
        await clickhouse.drop();
      },
    };
  } catch (error) {
    await clickhouse.drop();
    throw error;
  }
}
