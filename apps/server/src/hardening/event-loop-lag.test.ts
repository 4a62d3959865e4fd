import { describe, expect, it } from 'vitest';
import { LagWindow, watchEventLoopLag } from './event-loop-lag.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const block = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

/** The window's reading after `samples`, lags in ms as the watcher would measure them. */
function medianAfter(samples: number[], size = 5): number {
  const window = new LagWindow(size);
  for (const sample of samples) window.add(sample);
  return window.ms;
}

describe('event loop lag', () => {
  it.each([
    ['one long task among prompt timers', [1, 2, 300, 1, 0], 1],
    ['a loop that stays busy', [150, 151, 149, 300, 150], 150],
    ['a busy spell that has passed', [150, 150, 150, 2, 1, 0, 1, 2], 1],
    ['too few samples to tell', [300, 300, 300], 0],
  ])('reads %s as the median of the window', (_case, samples, expected) => {
    expect(medianAfter(samples)).toBe(expected);
  });

  // On the real event loop: a busy machine only makes timers later, so only the busy
  // case is asserted here; how one long task reads is the window's, above.
  it('sees a loop that stays busy', async () => {
    const lag = watchEventLoopLag(10, 5);
    for (let i = 0; i < 6; i++) {
      block(150);
      await sleep(0);
      await sleep(1);
    }
    expect(lag.ms, 'busy all along').toBeGreaterThan(100);
  });
});
