import { describe, expect, it } from 'vitest';
import { createRunawayDetector } from './runaway-detector.ts';

const limits = { maxRequests: 10, windowMs: 5000, throttle: false };
const KEY = 'GET https://shop.example/api/products?page=*';

describe('createRunawayDetector', () => {
  it('stays quiet at the limit and opens one episode above it', () => {
    const detector = createRunawayDetector(limits);
    const verdicts = Array.from({ length: 30 }, (_, i) => detector.record(KEY, 1000 + i * 10));
    expect(verdicts.slice(0, 10).every((v) => !v.runaway)).toBe(true);
    expect(verdicts[10]).toMatchObject({ runaway: true, episodeStarted: true, throttled: false, count: 11, ratePerS: 2.2, sinceMs: 1000 });
    expect(verdicts.filter((v) => v.episodeStarted)).toHaveLength(1);
  });

  it('counts a steady rate under the limit as normal, however long it runs', () => {
    const detector = createRunawayDetector(limits);
    // one request per 600 ms is 8-9 per 5 s window
    const verdicts = Array.from({ length: 100 }, (_, i) => detector.record(KEY, i * 600));
    expect(verdicts.some((v) => v.runaway)).toBe(false);
  });

  it('keeps routes apart', () => {
    const detector = createRunawayDetector(limits);
    for (let i = 0; i < 10; i++) {
      detector.record(KEY, i);
      detector.record('GET https://shop.example/api/cart', i);
    }
    expect(detector.record('POST https://shop.example/api/cart', 20).runaway).toBe(false);
    expect(detector.record(KEY, 20).runaway).toBe(true);
  });

  it('ends the episode once the route calms to half the limit, then can open a new one', () => {
    const detector = createRunawayDetector(limits);
    for (let i = 0; i < 20; i++) detector.record(KEY, i * 10);
    expect(detector.endEpisodes(500)).toEqual([]);
    const [episode] = detector.endEpisodes(5200);
    expect(episode).toMatchObject({ key: KEY, startMs: 0, endMs: 190, count: 20, throttled: 0 });
    expect(detector.endEpisodes(5300)).toEqual([]);
    const again = Array.from({ length: 11 }, (_, i) => detector.record(KEY, 20_000 + i));
    expect(again[10].episodeStarted).toBe(true);
  });

  it('ends every episode when asked to, as when the page is hidden', () => {
    const detector = createRunawayDetector(limits);
    for (let i = 0; i < 15; i++) detector.record(KEY, i);
    expect(detector.endEpisodes(20, true)).toHaveLength(1);
  });

  it('throttles only the excess, so the route keeps working at the limit rate', () => {
    const detector = createRunawayDetector({ ...limits, throttle: true });
    const first = Array.from({ length: 25 }, (_, i) => detector.record(KEY, i * 10));
    expect(first.filter((v) => v.throttled)).toHaveLength(15);
    // the window moves on: the ten sent at 0..90 ms have left it by 5090 ms
    expect(detector.record(KEY, 5095).throttled).toBe(false);
    const [episode] = detector.endEpisodes(20_000);
    expect(episode).toMatchObject({ count: 26, throttled: 15 });
  });
});
