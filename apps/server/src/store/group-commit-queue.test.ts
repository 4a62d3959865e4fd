import { describe, expect, it } from 'vitest';
import { StoreOverloadedError } from './store.ts';
import { GroupCommitQueue } from './group-commit-queue.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A queue whose commits take a few milliseconds, as fsyncs do, and record what happened.
 * Request 13 is one that cannot be stored.
 */
function recordingQueue(maxPendingEvents = 1000, maxEventsPerCommit = 100, maxConcurrentCommits = 1, minEventsToOverlap = 0) {
  const log: string[] = [];
  const queue = new GroupCommitQueue<number, string>({
    maxPendingEvents,
    maxEventsPerCommit,
    maxConcurrentCommits,
    minEventsToOverlap,
    eventCount: (n) => n,
    commit: async (requests) => {
      log.push(`commit ${requests.join(',')}`);
      await sleep(5);
      log.push(`done ${requests.join(',')}`);
      return requests.map((n) => (n === 13 ? new Error('unlucky') : `stored ${n}`));
    },
  });
  return { queue, log };
}

describe('GroupCommitQueue', () => {
  it('commits what gathered meanwhile in one group', async () => {
    const { queue, log } = recordingQueue();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.submit(n)));
    expect(results).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4', 'stored 5']);
    expect(log).toEqual(['commit 1', 'done 1', 'commit 2,3,4,5', 'done 2,3,4,5']);
    expect(queue.commits).toBe(2);
    expect(queue.pending).toBe(0);
  });

  it('runs as many commits at once as allowed, while the next group gathers', async () => {
    const { queue, log } = recordingQueue(1000, 100, 2);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.submit(n)));
    expect(results).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4', 'stored 5']);
    expect(log).toEqual(['commit 1', 'commit 2', 'done 1', 'commit 3,4,5', 'done 2', 'done 3,4,5']);
    await queue.drained();
    expect(queue.pending).toBe(0);
  });

  it('starts a commit beside a running one only for enough waiting events', async () => {
    const { queue, log } = recordingQueue(1000, 100, 2, 10);
    const small = [1, 2, 3].map((n) => queue.submit(n));
    await Promise.all(small);
    expect(log).toEqual(['commit 1', 'done 1', 'commit 2,3', 'done 2,3']);
    log.length = 0;
    await Promise.all([1, 4, 6].map((n) => queue.submit(n)));
    expect(log).toEqual(['commit 1', 'commit 4,6', 'done 1', 'done 4,6']);
  });

  it('caps the events of one commit', async () => {
    const { queue, log } = recordingQueue(1000, 10);
    await Promise.all([1, 6, 6, 6, 6].map((n) => queue.submit(n)));
    expect(log.filter((l) => l.startsWith('commit'))).toEqual(['commit 1', 'commit 6,6', 'commit 6,6']);
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
