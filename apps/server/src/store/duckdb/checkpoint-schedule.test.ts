import { describe, expect, it } from 'vitest';
import { CHECKPOINT_WAL_BYTES, FALLBACK_CHECKPOINT_WAL_BYTES, FORCED_CHECKPOINT_WAL_BYTES, QUIET_MS, checkpointDecision } from './checkpoint-schedule.ts';

describe('checkpointDecision', () => {
  it('waits for a quiet moment once the WAL is large, and under steady load only until the forced size', () => {
    expect(checkpointDecision(CHECKPOINT_WAL_BYTES - 1, QUIET_MS)).toBe('not-yet');
    expect(checkpointDecision(CHECKPOINT_WAL_BYTES, 0)).toBe('when-quiet');
    expect(checkpointDecision(CHECKPOINT_WAL_BYTES, QUIET_MS - 1)).toBe('when-quiet');
    expect(checkpointDecision(CHECKPOINT_WAL_BYTES, QUIET_MS)).toBe('now');
    expect(checkpointDecision(FORCED_CHECKPOINT_WAL_BYTES - 1, 0)).toBe('when-quiet');
    expect(checkpointDecision(FORCED_CHECKPOINT_WAL_BYTES, 0)).toBe('now');
  });

  it('stays below the size at which DuckDB would checkpoint inside a commit by itself', () => {
    expect(FORCED_CHECKPOINT_WAL_BYTES).toBeLessThan(FALLBACK_CHECKPOINT_WAL_BYTES);
  });
});
