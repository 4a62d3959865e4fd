import { expect, test } from 'vitest';
import { TestClock } from './test-clock.ts';

test('advancing fires repeating timers and sleeps in time order, waiting for their work', async () => {
  const clock = new TestClock(0);
  const fired: string[] = [];
  const stop = clock.every(60_000, async () => {
    await Promise.resolve();
    fired.push(`minute at ${clock.now()}`);
  });
  void clock.sleep(90_000).then(() => fired.push(`slept until ${clock.now()}`));
  await clock.advance(150_000);
  expect(fired).toEqual(['minute at 60000', 'slept until 90000', 'minute at 120000']);
  expect(clock.now()).toBe(150_000);
  stop();
  await clock.advance(600_000);
  expect(fired).toHaveLength(3);
});
