import { describe, expect, it } from 'vitest';
import { watchEventLoopLag } from './event-loop-lag.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const block = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('event loop lag', () => {
  it('ignores one long task but sees a loop that stays busy', async () => {
    const lag = watchEventLoopLag(10, 5);
    await sleep(80);
    block(300);
    await sleep(60);
    expect(lag.ms, 'one long task').toBeLessThan(100);
    for (let i = 0; i < 6; i++) {
      block(150);
      await sleep(0);
      await sleep(1);
    }
    expect(lag.ms, 'busy all along').toBeGreaterThan(100);
  });
});
