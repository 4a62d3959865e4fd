// A percentile's interval ends lie at fractions that depend on the group's own data
// (p ∓ z·se), which no engine can take as an argument per group. The statement asks the
// weighted quantiles at a fixed ladder of fractions around p instead, in the same pass
// that answers p; an end is read between the two rungs that bracket its fraction.

/**
 * The smallest step from p; each next step is RATIO times the last, up to the whole range.
 * An engine's cost grows with the fractions it is asked (ClickHouse's quantiles about in
 * proportion), and doubling steps read between rungs keep the coverage test's 95% within
 * half a point of Woodruff's interval read exactly (1.25 did no better, 3 drifts a point).
 */
const FIRST_STEP = 0.0005;
const RATIO = 2;
/** The lowest fraction asked: at 0 an engine's weighted quantile is not defined alike. */
const LOWEST = 0.0001;

const rounded = (fraction: number) => Math.round(fraction * 1e6) / 1e6;

/** The fractions asked for a percentile at `p`, p itself excluded, ascending. */
export function ladderFractions(p: number): number[] {
  const fractions = new Set<number>();
  for (let step = FIRST_STEP; ; step *= RATIO) {
    fractions.add(rounded(Math.max(LOWEST, p - step)));
    fractions.add(rounded(Math.min(1, p + step)));
    if (step >= 1) break;
  }
  fractions.delete(p);
  return [...fractions].sort((a, b) => a - b);
}

/**
 * The quantile at `fraction` from the quantiles known at the rungs (p among them):
 * the rung's own where it is one, else linear between the two that bracket it (beyond
 * the lowest rung, the lowest's).
 */
export function quantileFromLadder(rungs: readonly { fraction: number; value: number | null }[], fraction: number): number | null {
  const known = rungs.filter((r): r is { fraction: number; value: number } => r.value !== null).sort((a, b) => a.fraction - b.fraction);
  if (known.length === 0) return null;
  const above = known.findIndex((r) => r.fraction >= fraction);
  if (above < 0) return known[known.length - 1].value;
  if (above === 0 || known[above].fraction === fraction) return known[above].value;
  const [a, b] = [known[above - 1], known[above]];
  return a.value + ((b.value - a.value) * (fraction - a.fraction)) / (b.fraction - a.fraction);
}
