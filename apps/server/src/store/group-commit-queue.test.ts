import { describe, expect, it } from 'vitest';
import { StoreOverloadedError } from './store.ts';
import { GroupCommitQueue } from './group-commit-queue.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A queue whose commits take a few milliseconds, as fsyncs do, and record what happened.
 * Request 13 is one that cannot be stored.
 */
function recordingQueue(maxPendingEvents = 1000, maxEventsPerCommit = 100, prepareAhead = false) {
  const log: string[] = [];
  const queue = new GroupCommitQueue<number, string>({
    maxPendingEvents,
    maxEventsPerCommit,
    eventCount: (n) => n,
    commit: async (requests, whileCommitting) => {
      log.push(`commit ${requests.join(',')}`);
      await sleep(1);
      whileCommitting();
      await sleep(4);
      return requests.map((n) => (n === 13 ? new Error('unlucky') : `stored ${n}`));
    },
    prepareAhead: prepareAhead ? (requests) => log.push(`prepare ${requests.join(',')}`) : undefined,
  });
  return { queue, log };
}

describe('GroupCommitQueue', () => {
  it('commits what gathered meanwhile in one group', async () => {
    const { queue, log } = recordingQueue();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.submit(n)));
    expect(results).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4', 'stored 5']);
    expect(log).toEqual(['commit 1', 'commit 2,3,4,5']);
    expect(queue.commits).toBe(2);
    expect(queue.pending).toBe(0);
  });

  it('hands the next group to prepareAhead while the previous one commits', async () => {
    const { queue, log } = recordingQueue(1000, 100, true);
    await Promise.all([1, 2, 3].map((n) => queue.submit(n)));
    expect(log).toEqual(['commit 1', 'prepare 2,3', 'commit 2,3']);
  });

  it('caps the events of one commit', async () => {
    const { queue, log } = recordingQueue(1000, 10);
    await Promise.all([1, 6, 6, 6, 6].map((n) => queue.submit(n)));
    expect(log).toEqual(['commit 1', 'commit 6,6', 'commit 6,6']);
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
