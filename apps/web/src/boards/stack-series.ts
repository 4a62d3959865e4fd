// Stacked chart geometry: each group's band runs from the sum of the groups before it to
// that sum plus its own value, at every time. A missing value (NaN) adds nothing.
export interface StackBand {
  lower: Float64Array;
  upper: Float64Array;
}

export function stackLines(lines: readonly Float64Array[], length: number): StackBand[] {
  const running = new Float64Array(length);
  return lines.map((values) => {
    const lower = running.slice();
    for (let t = 0; t < length; t++) if (Number.isFinite(values[t])) running[t] += values[t];
    return { lower, upper: running.slice() };
  });
}

/** The polygon of one band in a width × height box, times spread evenly, 0 at the bottom. */
export function bandPoints(band: StackBand, max: number, width: number, height: number): string {
  const n = band.upper.length;
  const x = (t: number) => (n === 1 ? width / 2 : (t / (n - 1)) * width);
  const y = (v: number) => height - (max > 0 ? (v / max) * height : 0);
  const top = Array.from({ length: n }, (_, t) => `${x(t)},${y(band.upper[t])}`);
  const bottom = Array.from({ length: n }, (_, i) => n - 1 - i).map((t) => `${x(t)},${y(band.lower[t])}`);
  return [...top, ...bottom].join(' ');
}
