import { describe, expect, it } from 'vitest';
import { EventTimeWindow } from './event-time-window.ts';

const NOW = Date.UTC(2026, 11, 7, 12);
const DAY = 86_400_000;

describe('EventTimeWindow', () => {
  it('takes events after the epoch until a day ahead by default', () => {
    const window = new EventTimeWindow(NOW);
    expect(window.problem(1)).toBeNull();
    expect(window.problem((NOW + DAY) * 1000)).toBeNull();
    expect(window.problem(0)).toBe(
      'time 1970-01-01T00:00:00.000Z is outside the accepted window, after 1970-01-01T00:00:00.000Z until 2026-12-08T12:00:00.000Z',
    );
    expect(window.problem((NOW + DAY) * 1000 + 1)).toMatch(/^time 2026-12-08T12:00:00.000Z is outside/);
    expect(window.problem(Date.parse('0001-01-01T00:00:00Z') * 1000)).toMatch(/^time 0001-01-01T00:00:00.000Z is outside/);
    expect(window.problem(Number((2n ** 64n - 1n) / 1000n), 'end time')).toMatch(/^end time 2554-07-21T23:34:33.709Z is outside/);
    // Past anything a Date can show.
    expect(window.problem(1e22)).toMatch(/^time 1e\+22 µs since the epoch is outside/);
  });

  it('narrows to the maximum age or the retention, whichever is shorter, and to the allowed future', () => {
    const window = new EventTimeWindow(NOW, { maxEventAge: 30 * DAY, retention: 7 * DAY, maxEventFuture: 3_600_000 });
    expect(window.problem((NOW - 7 * DAY) * 1000 + 1)).toBeNull();
    expect(window.problem((NOW - 7 * DAY) * 1000)).not.toBeNull();
    expect(window.problem((NOW + 3_600_000) * 1000 + 1)).not.toBeNull();
  });
});
