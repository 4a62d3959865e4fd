import { describe, expect, it } from 'vitest';
import { parseEventTimeUs } from './event-time.ts';

describe('parseEventTimeUs', () => {
  it('keeps microseconds of RFC 3339 times with long fractions', () => {
    expect(parseEventTimeUs('2026-11-27T10:00:00.123456789Z')).toBe(Date.UTC(2026, 10, 27, 10) * 1000 + 123_456);
    expect(parseEventTimeUs('2026-11-27T10:00:00.5Z')).toBe(Date.UTC(2026, 10, 27, 10) * 1000 + 500_000);
    expect(parseEventTimeUs('2026-11-27T11:00:00+01:00')).toBe(Date.UTC(2026, 10, 27, 10) * 1000);
  });

  it('reads a time without a zone as UTC, as libhoney-py sends it', () => {
    expect(parseEventTimeUs('2026-11-27T10:00:00.123456')).toBe(Date.UTC(2026, 10, 27, 10) * 1000 + 123_456);
    expect(parseEventTimeUs('2026-11-27 10:00:00')).toBe(Date.UTC(2026, 10, 27, 10) * 1000);
  });

  it('reads Unix seconds as numbers and as text', () => {
    expect(parseEventTimeUs(1_700_000_000.25)).toBe(1_700_000_000_250_000);
    expect(parseEventTimeUs('1700000000')).toBe(1_700_000_000_000_000);
  });

  it('refuses what is not a time', () => {
    for (const bad of ['yesterday', '', '2026-13-45', {}, null, Number.NaN]) expect(parseEventTimeUs(bad)).toBeNull();
  });
});
