// DuckDB's "Out of Memory Error" (a query whose working set passed memory_limit after
// spilling what it could) as the store's EngineOutOfMemoryError, which the API answers
// with 503: the server is fine, the question was too big for DuckDB's share of memory.
import { EngineOutOfMemoryError } from '../store.ts';
import { engineMemoryBytes } from './engine-settings.ts';

const mib = (bytes: number) => `${Math.floor(bytes / 1024 ** 2)} MiB`;

/** `error` as an EngineOutOfMemoryError when DuckDB ran out of memory; as it is otherwise. */
export function duckDbQueryError(error: unknown, memoryLimitBytes: number | undefined): unknown {
  if (!(error instanceof Error) || !error.message.startsWith('Out of Memory Error')) return error;
  const share =
    memoryLimitBytes === undefined
      ? "DuckDB's memory limit"
      : `DuckDB's share of the memory limit (${mib(engineMemoryBytes(memoryLimitBytes))} of --memory-limit ${mib(memoryLimitBytes)})`;
  return new EngineOutOfMemoryError(
    `the query needed more memory than ${share}; narrow its time range or breakdowns, or start the server with a larger --memory-limit`,
    { cause: error },
  );
}
