// Robust summaries of a baseline: the median and the median absolute deviation, which a
// few odd windows (a deploy's restart, one busy minute) cannot drag the way a mean can.

/** The median of the values; NaN when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median absolute deviation scaled to estimate a standard deviation (×1.4826 for normal data). */
export function scaledMad(values: readonly number[], centre = median(values)): number {
  return 1.4826 * median(values.map((v) => Math.abs(v - centre)));
}
