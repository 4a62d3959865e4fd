import { describe, expect, it } from 'vitest';
import { addLayoutShift, interactionToNextPaint, noLayoutShifts, vitalRating } from './vital-scores.ts';

describe('vitalRating', () => {
  it.each([
    ['lcp', 2500, 'good'],
    ['lcp', 2501, 'needs-improvement'],
    ['lcp', 4001, 'poor'],
    ['inp', 180, 'good'],
    ['inp', 520, 'poor'],
    ['cls', 0.1, 'good'],
    ['cls', 0.2, 'needs-improvement'],
    ['fcp', 3100, 'poor'],
    ['ttfb', 900, 'needs-improvement'],
  ] as const)('%s %d is %s', (name, value, rating) => {
    expect(vitalRating(name, value)).toBe(rating);
  });
});

describe('addLayoutShift', () => {
  it('sums shifts of one session and takes the largest session', () => {
    const sessions = noLayoutShifts();
    addLayoutShift(sessions, 100, 0.05);
    addLayoutShift(sessions, 600, 0.05); // < 1 s after the last: same session
    addLayoutShift(sessions, 3000, 0.02); // a gap over 1 s: new session
    expect(sessions.max).toBeCloseTo(0.1);
    expect(sessions.current).toBeCloseTo(0.02);
  });

  it('closes a session after 5 s even when shifts keep coming', () => {
    const sessions = noLayoutShifts();
    for (let t = 0; t <= 6000; t += 500) addLayoutShift(sessions, t, 0.01);
    // 0..4500 ms is one session of 10 shifts; 5000 ms starts the next
    expect(sessions.max).toBeCloseTo(0.1);
  });
});

describe('interactionToNextPaint', () => {
  it('is the worst interaction when there are few', () => {
    expect(interactionToNextPaint([40, 120, 64])).toBe(120);
    expect(interactionToNextPaint([])).toBeUndefined();
  });

  it('ignores one outlier per 50 interactions', () => {
    const durations = [...Array.from({ length: 98 }, () => 50), 900, 700];
    expect(interactionToNextPaint(durations)).toBe(50);
    expect(interactionToNextPaint(durations.slice(2))).toBe(700);
  });
});
