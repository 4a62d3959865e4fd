// A real Flashlight server on a free loopback port with its own temporary data
// directory, for tests of anything that talks to Flashlight.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../server.ts';
import type { ServerConfigInput } from '../config.ts';

export interface TempServer extends RunningServer {
  dataDir: string;
  /** Closes the server and deletes its data directory. */
  dispose(): Promise<void>;
}

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
