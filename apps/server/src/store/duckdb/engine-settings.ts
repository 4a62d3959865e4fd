// DuckDB's own settings from the server's one memory limit (--memory-limit): its share of
// the limit as `memory_limit` (what it holds past that it spills to a temporary directory
// in the data directory), as many threads as that share feeds, and small blocks for new
// files. DuckDB holds a table's rows not yet checkpointed in blocks of the file's block
// size, one per column: at the default 256 KiB, 4,000 events over 1,000 columns held
// 384 MiB and one commit to them needed more than 381 MiB, so no cap under the limit was
// safe; at 16 KiB the same rows take 44 MiB and commit under a 150 MiB cap. A file keeps
// the block size it was made with: files made before keep 256 KiB blocks.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { ENGINE_SHARE } from '../../hardening/memory-budget.ts';

/** The block size of new database files (DuckDB's smallest). */
export const BLOCK_SIZE = 16 * 1024;
/** What one DuckDB thread is given to work in: more threads than the share feeds would spill sooner. */
const BYTES_PER_THREAD = 128 * 1024 ** 2;
/** The directory, beside the database file, where DuckDB spills what does not fit its memory. */
export const SPILL_DIRECTORY = 'flashlight.tmp';

export type DuckDbSettings = Record<string, string>;

/** DuckDB's share of the server's memory limit: its `memory_limit`. */
export function engineMemoryBytes(memoryLimitBytes: number): number {
  return Math.floor(memoryLimitBytes * ENGINE_SHARE);
}

/** Settings for an instance in `dataDir`; without a memory limit, DuckDB's own memory defaults. */
export function engineSettings(dataDir: string, memoryLimitBytes: number | undefined, cores = availableParallelism()): DuckDbSettings {
  const blocks = { default_block_size: String(BLOCK_SIZE) };
  if (memoryLimitBytes === undefined) return blocks;
  const engineBytes = engineMemoryBytes(memoryLimitBytes);
  return {
    ...blocks,
    memory_limit: `${Math.floor(engineBytes / 1024 ** 2)}MiB`,
    threads: String(Math.max(1, Math.min(cores, Math.floor(engineBytes / BYTES_PER_THREAD)))),
    temp_directory: path.join(dataDir, SPILL_DIRECTORY),
  };
}
