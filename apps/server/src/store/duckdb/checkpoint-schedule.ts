// When the DuckDB store folds its WAL into the file. While a checkpoint runs, DuckDB holds
// every appender of the file (an appender flush on any table waits for all of it), and the
// appender's calls are synchronous: so commits go to the staging file meanwhile
// (staging-file.ts), and the rows they staged are moved into the main file after it. Left
// to itself, DuckDB checkpoints inside a COMMIT, holding the event loop for its length.
//
// A checkpoint costs much the same whatever the WAL holds (on realistic spans, 8 MB and
// 64 MB of WAL both took 4–14 s on a loaded two-core machine: its fixed part, every
// table's row groups and metadata and the file's sync, dominates), so it is best taken
// when it slows the fewest appends (they go on beside it, but share the cores with it,
// and what they staged is written twice): once the WAL holds CHECKPOINT_WAL_BYTES, when no
// append has arrived for QUIET_MS (exporters send every few seconds, so a fleet below
// saturation leaves such gaps); under a load that leaves none, once it holds
// FORCED_CHECKPOINT_WAL_BYTES. The forced size is not larger than before: until a
// checkpoint, DuckDB keeps what the WAL holds in memory as well, uncompressed, and the
// process must stay under its memory limit.

export const CHECKPOINT_WAL_BYTES = 32 * 1024 * 1024;
export const FORCED_CHECKPOINT_WAL_BYTES = 64 * 1024 * 1024;
/** DuckDB's own threshold, only reached when the store's checkpoints keep failing. */
export const FALLBACK_CHECKPOINT_WAL_BYTES = 256 * 1024 * 1024;
export const QUIET_MS = 250;

export type CheckpointDecision = 'now' | 'when-quiet' | 'not-yet';

/** What to do with this much WAL, `idleMs` after the last append arrived (0 while appends are pending). */
export function checkpointDecision(walBytes: number, idleMs: number): CheckpointDecision {
  if (walBytes >= FORCED_CHECKPOINT_WAL_BYTES) return 'now';
  if (walBytes < CHECKPOINT_WAL_BYTES) return 'not-yet';
  return idleMs >= QUIET_MS ? 'now' : 'when-quiet';
}
