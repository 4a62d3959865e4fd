// Timing shared by the query-side benchmarks: the median of warm runs, and the line that
// prints Flashlight's time beside the hand-written baseline's as a ratio.

/** The median wall time in ms of `runs` sequential calls of `work`. */
export async function medianMs(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** `<label> flashlight N ms | <baselineLabel> M ms | ratio N/M`, columns aligned across lines. */
export function comparisonLine(label: string, oursMs: number, baselineLabel: string, baselineMs: number): string {
  const ms = (value: number) => value.toFixed(0).padStart(6);
  return `${label} flashlight ${ms(oursMs)} ms | ${baselineLabel} ${ms(baselineMs)} ms | ratio ${(oursMs / baselineMs).toFixed(2)}`;
}
