// A `flashlight serve` child under a memory limit, started as the docs say: with the heap
// cap (NODE_OPTIONS=--max-old-space-size) that the limit's start line asks for.
import { spawnServer, type ServerProcess } from '../testing/server-process.ts';
import { HEAP_SHARE } from './memory-budget.ts';

export async function spawnLimitedServer(dataDir: string, memoryLimit: number, args: string[] = []): Promise<ServerProcess> {
  const nodeOptions = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --max-old-space-size=${Math.floor((memoryLimit * HEAP_SHARE) / 1024 ** 2)}`;
  try {
    return await spawnServer(dataDir, ['--grpc-port', 'off', '--memory-limit', String(memoryLimit), ...args]);
  } finally {
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  }
}
