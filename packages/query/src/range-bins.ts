// A value's bin in a range measured by the same statement, with the range's per-query
// choices made once: the measured row (`bounds`) carries, per column and bin count, the
// constants of the arithmetic, and each row only multiplies, divides and floors, as a
// hand-written `floor((v - lo) * n / (hi - lo))` does. The arithmetic is numeric-range.ts's,
// step for step: `(v - lo) * n / (hi - lo)`, or, where that width overflows, the halved
// `(v / 2 - lo / 2) / (hi / 2 - lo / 2) * n`; both are `(v * h - l) * a / d * b`, with
// h, a, b each 1, 0.5 or n (exact), so the bins are the same to the last bit.
import type { Expr } from './sql/sql-node.ts';
import { as, caseWhen, cast, fn, id, lit, not, op, parens } from './sql/sql-build.ts';

const names = (measure: number, bins: number) => {
  const suffix = `${measure}_${bins}`;
  return { scale: `h${suffix}`, from: `l${suffix}`, before: `a${suffix}`, width: `d${suffix}`, after: `b${suffix}` };
};

/**
 * The constants binOfRow reads, from the measured low and high ends (any number type,
 * NULL without values): to be computed once, in the row of the range.
 */
export function binConstants(measure: number, bins: number, low: Expr, high: Expr): Expr[] {
  const n = names(measure, bins);
  const [lo, hi] = [low, high].map((end) => fn('toDouble', end));
  const wide = not(fn('isFinite', op('*', parens(op('-', hi, lo)), lit(bins))));
  const pick = (halved: number, usual: number) => caseWhen([[wide, lit(halved)]], lit(usual));
  const scaled = (end: Expr) => op('*', end, pick(0.5, 1));
  return [
    as(pick(0.5, 1), n.scale),
    as(scaled(lo), n.from),
    as(pick(1, bins), n.before),
    // One value throughout: every value in range is the low end, bin 0.
    as(caseWhen([[op('>', hi, lo), op('-', scaled(hi), scaled(lo))]], lit(1)), n.width),
    as(pick(bins, 1), n.after),
  ];
}

/** The bin, 0 to bins-1, of `value` in a row beside binConstants' columns; NULL for NULL and non-finite values. */
export function binOfRow(value: Expr, measure: number, bins: number): Expr {
  const n = names(measure, bins);
  const x = fn('toDouble', value);
  const position = op('*', op('/', op('*', parens(op('-', op('*', x, id(n.scale)), id(n.from))), id(n.before)), id(n.width)), id(n.after));
  return caseWhen([[fn('isFinite', x), fn('least', cast(fn('floor', position), 'bigint'), lit(bins - 1))]]);
}
