// Hands decoded batches to the store and waits until all are committed: only then may
// ingest answer 2xx.
import type { DatasetBatch } from '../events/wide-event.ts';
import type { Store } from '../store/store.ts';

export interface CommitOutcome {
  stored: number;
  warnings: string[];
}

export async function commitBatches(store: Store, batches: DatasetBatch[]): Promise<CommitOutcome> {
  const results = await Promise.all(batches.filter((b) => b.events.length > 0).map((b) => store.append(b)));
  return {
    stored: results.reduce((sum, r) => sum + r.stored, 0),
    warnings: results.flatMap((r) => r.warnings),
  };
}
