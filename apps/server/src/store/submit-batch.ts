// What every engine's `append` does in front of its group commit: refuse once the store
// closes, and answer an empty batch at once instead of spending a commit on it.
import type { DatasetBatch } from '../events/wide-event.ts';
import type { GroupCommitQueue } from './group-commit-queue.ts';
import type { AppendResult } from './store.ts';

export function submitBatch(queue: GroupCommitQueue<DatasetBatch, AppendResult>, closed: boolean, batch: DatasetBatch): Promise<AppendResult> {
  if (closed) return Promise.reject(new Error('the store is closed'));
  if (batch.events.length === 0) return Promise.resolve({ stored: 0, warnings: [] });
  return queue.submit(batch);
}
