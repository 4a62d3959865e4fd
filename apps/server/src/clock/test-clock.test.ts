import { expect, test } from 'vitest';
import { TestClock } from './test-clock.ts';

test('advancing fires timers in time order and waits for the work each one started', async () => {
  const clock = new TestClock(0);
  const fired: string[] = [];
  const stop = clock.every(60_000, async () => {
    await Promise.resolve();
    fired.push(`minute at ${clock.now()}`);
  });
  clock.every(90_000, () => fired.push(`ninety at ${clock.now()}`));
  await clock.advance(150_000);
  expect(fired).toEqual(['minute at 60000', 'ninety at 90000', 'minute at 120000']);
  expect(clock.now()).toBe(150_000);
  stop();
  await clock.advanceTo(300_000);
  expect(fired).toEqual(['minute at 60000', 'ninety at 90000', 'minute at 120000', 'ninety at 180000', 'ninety at 270000']);
  await expect(clock.advanceTo(0)).rejects.toThrow(/only moves forward/);
});
