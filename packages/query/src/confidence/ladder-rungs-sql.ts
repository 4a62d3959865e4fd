// Which rungs of a measure's quantile ladder a group's intervals read: an end p ∓ z·se is
// read between the two rungs that bracket it (quantile-ladder.ts), so an engine that can
// skip the others per group (running weights, which sort only the rows of the bins asked
// of each group) answers those alone and leaves the rest NULL. The reading is the same.
import type { GroupFigure } from '../percentile-sql.ts';
import type { Expr } from '../sql/sql-node.ts';
import { and, op, or, val } from '../sql/sql-build.ts';

/** A bound on d = z·se: d ≥ x or d ≤ x. */
type Bound = { compare: '>=' | '<='; x: number };

/**
 * The condition, over a group's Σ w (`total`) and Σ w(w−1) (`spread`), under which the
 * rung at `fractions[k]` (the ladder's fractions, ascending) lies next to an interval end
 * of a percentile in `percentiles` at level z: the end is between the rungs either side
 * of it. Undefined where every group reads it.
 */
export function rungNeeded(k: number, fractions: readonly number[], percentiles: readonly number[], z: number): ((group: GroupFigure) => Expr) | undefined {
  const [below, above] = [fractions[k - 1] ?? -Infinity, fractions[k + 1] ?? Infinity];
  // p + d in [below, above], and p − d in it.
  const ends = percentiles.flatMap((p): { p: number; bounds: Bound[] }[] => [
    {
      p,
      bounds: [
        { compare: '>=', x: below - p },
        { compare: '<=', x: above - p },
      ],
    },
    {
      p,
      bounds: [
        { compare: '>=', x: p - above },
        { compare: '<=', x: p - below },
      ],
    },
  ]);
  // d ≥ 0 always; d ≤ ∞ always; d ≤ x < 0 and d ≥ ∞ never.
  const always = ({ compare, x }: Bound) => (compare === '>=' ? x <= 0 : x === Infinity);
  const never = ({ compare, x }: Bound) => (compare === '>=' ? x === Infinity : x < 0);
  const possible = ends.filter((end) => !end.bounds.some(never)).map((end) => ({ p: end.p, bounds: end.bounds.filter((b) => !always(b)) }));
  if (possible.some((end) => end.bounds.length === 0)) return undefined;
  return (group) => {
    // d = z·√(p(1−p)·spread) / total, compared as squares: d ≥ x ⇔ z²p(1−p)·spread ≥ x²·total² (x ≥ 0).
    const total = group('total');
    const holds = (p: number, { compare, x }: Bound) =>
      op(compare, op('*', val(z * z * p * (1 - p)), group('spread')), op('*', val(x * x), op('*', total, total)));
    // A rung no end can reach is asked of no group: a total weight is never negative.
    return possible.length === 0 ? op('<', total, val(0)) : or(...possible.map(({ p, bounds }) => and(...bounds.map((b) => holds(p, b)))));
  };
}
