import { describe, expect, it } from 'vitest';
import { StoreOverloadedError } from '../store.ts';
import { GroupCommitQueue } from './group-commit-queue.ts';

/** A queue whose commits record their groups and take a few milliseconds, as fsyncs do. */
function recordingQueue(maxPendingEvents = 1000, maxEventsPerCommit = 100) {
  const groups: number[][] = [];
  const queue = new GroupCommitQueue<number, string>({
    maxPendingEvents,
    maxEventsPerCommit,
    eventCount: (n) => n,
    commit: async (requests) => {
      groups.push(requests);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return requests.map((n) => (n === 13 ? new Error('unlucky') : `stored ${n}`));
    },
  });
  return { queue, groups };
}

describe('GroupCommitQueue', () => {
  it('commits what gathered while the previous commit ran, in one group', async () => {
    const { queue, groups } = recordingQueue();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.submit(n)));
    expect(results).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4', 'stored 5']);
    expect(groups).toEqual([[1], [2, 3, 4, 5]]);
    expect(queue.commits).toBe(2);
    expect(queue.pending).toBe(0);
  });

  it('caps the events of one commit', async () => {
    const { queue, groups } = recordingQueue(1000, 10);
    await Promise.all([1, 6, 6, 6, 6].map((n) => queue.submit(n)));
    expect(groups).toEqual([[1], [6, 6], [6, 6]]);
  });

  it('rejects only the request whose commit result is an error', async () => {
    const { queue } = recordingQueue();
    const outcomes = await Promise.allSettled([12, 13, 14].map((n) => queue.submit(n)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('refuses at once when the queue is full, with a Retry-After estimate', async () => {
    const { queue } = recordingQueue(10);
    const accepted = [queue.submit(6), queue.submit(4)];
    await expect(queue.submit(1)).rejects.toBeInstanceOf(StoreOverloadedError);
    await Promise.all(accepted);
    await expect(queue.submit(10)).resolves.toBe('stored 10');
    expect(queue.retryAfterSeconds()).toBe(1);
  });

  it('takes a request larger than the whole queue when nothing else waits', async () => {
    const { queue } = recordingQueue(10);
    await expect(queue.submit(50)).resolves.toBe('stored 50');
  });
});
