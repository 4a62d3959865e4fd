// Where a sampled side of a BubbleUp is read: short time slices spread evenly over its
// window, one per equal stratum, so a sample skips the storage between them (both
// engines keep events in time order) and follows the traffic's shape through the window.
// The slices are a fixed function of the window: the same question reads the same events.

/** Slices per sampled window: enough strata that one burst cannot dominate the sample. */
export const SAMPLE_SLICES = 32;

/** Where each slice sits in its stratum: the golden-ratio sequence, spread but not periodic. */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** A half-open time range, µs. */
export type TimeSlice = readonly [startUs: number, endUs: number];

/**
 * Slices covering about `fraction` (0 < fraction ≤ 1) of [startUs, endUs), and the
 * fraction of the window they really cover (the weight of an event read is 1 / that).
 * A fraction of 1 (or a window too short to cut) is the whole window.
 */
export function timeSample(startUs: number, endUs: number, fraction: number): { slices: TimeSlice[]; covered: number } {
  const length = endUs - startUs;
  const stratum = Math.floor(length / SAMPLE_SLICES);
  const width = Math.max(1, Math.round(stratum * fraction));
  if (fraction >= 1 || width >= stratum) return { slices: [[startUs, endUs]], covered: 1 };
  const slices = Array.from({ length: SAMPLE_SLICES }, (_, i): TimeSlice => {
    const offset = Math.floor((((i + 1) * GOLDEN) % 1) * (stratum - width));
    const start = startUs + i * stratum + offset;
    return [start, start + width];
  });
  return { slices, covered: (SAMPLE_SLICES * width) / length };
}
