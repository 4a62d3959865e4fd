import { describe, expect, it } from 'vitest';
import { StoreOverloadedError } from '../store.ts';
import { GroupCommitQueue } from './group-commit-queue.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A queue whose commits take a few milliseconds, as fsyncs do, and record what happened.
 * A group holding 13 fails; committed one by one, only 13 fails.
 */
function recordingQueue(maxPendingEvents = 1000, maxEventsPerCommit = 100) {
  const log: string[] = [];
  const queue = new GroupCommitQueue<number, string, number[]>({
    maxPendingEvents,
    maxEventsPerCommit,
    eventCount: (n) => n,
    prepare: (requests) => {
      log.push(`prepare ${requests.join(',')}`);
      return requests;
    },
    write: async (group, whileCommitting) => {
      log.push(`commit ${group.join(',')}`);
      await sleep(1);
      whileCommitting();
      await sleep(4);
      if (group.includes(13)) throw new Error('unlucky');
      return group.map((n) => `stored ${n}`);
    },
    commitEach: async (requests) => {
      log.push(`one by one ${requests.join(',')}`);
      return requests.map((n) => (n === 13 ? new Error('unlucky') : `stored ${n}`));
    },
  });
  return { queue, log };
}

describe('GroupCommitQueue', () => {
  it('commits what gathered meanwhile in one group, prepared while the previous one commits', async () => {
    const { queue, log } = recordingQueue();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.submit(n)));
    expect(results).toEqual(['stored 1', 'stored 2', 'stored 3', 'stored 4', 'stored 5']);
    expect(log).toEqual(['prepare 1', 'commit 1', 'prepare 2,3,4,5', 'commit 2,3,4,5']);
    expect(queue.commits).toBe(2);
    expect(queue.pending).toBe(0);
  });

  it('caps the events of one commit', async () => {
    const { queue, log } = recordingQueue(1000, 10);
    await Promise.all([1, 6, 6, 6, 6].map((n) => queue.submit(n)));
    expect(log.filter((l) => l.startsWith('commit'))).toEqual(['commit 1', 'commit 6,6', 'commit 6,6']);
  });

  it('after a failed group, commits its requests one by one and prepares the next group again', async () => {
    const { queue, log } = recordingQueue();
    const first = queue.submit(1);
    const outcomes = Promise.allSettled([12, 13, 14].map((n) => queue.submit(n)));
    const later = queue.submit(2);
    const [failed] = await Promise.all([outcomes, first]);
    expect(failed.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await later;
    expect(log).toEqual([
      'prepare 1',
      'commit 1',
      'prepare 12,13,14,2',
      'commit 12,13,14,2',
      'one by one 12,13,14,2',
    ]);
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
