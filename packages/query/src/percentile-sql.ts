// Exact weighted percentiles for engines without a weighted quantile aggregate, without
// sorting every row: the measured range is cut into bins (the `bin` column); per-bin
// weights give the weight before each bin and so the one bin that holds each asked-for
// fraction; only the rows of those bins are sorted, their running weight offset by the
// weight before their bin. The answer is the smallest value whose running weight reaches
// the fraction of the group's total. A value with no bin (NULL, or a non-finite number)
// takes no part.
import type { CteNode, Expr } from './sql/sql-node.ts';
import {
  and,
  as,
  by,
  caseWhen,
  cte,
  derived,
  filtered,
  fn,
  id,
  isNotNull,
  join,
  lit,
  named,
  nullSafeEq,
  op,
  or,
  over,
  parens,
  select,
  eq,
} from './sql/sql-build.ts';

export interface PercentileRelation {
  /** The relation of rows, with `keys`, `weight`, `measure` and `bin` columns. */
  rows: string;
  /** Columns that make a group (time bucket and breakdowns). */
  keys: string[];
  weight: string;
  measure: string;
  bin: string;
  /** Names for the two relations written. */
  cuts: string;
  answers: string;
  /** Each answer column and the fraction it asks for. */
  fractions: AskedFraction[];
}

/** A group's figures over its binned rows: Σ weight, and Σ weight·(weight − 1). */
export type GroupFigure = (name: 'total' | 'spread') => Expr;

export interface AskedFraction {
  column: string;
  fraction: number;
  /** Where set, only groups for which it holds are answered (the others get NULL): a confidence ladder's rung far from a group's interval. */
  when?: (group: GroupFigure) => Expr;
}

/** Two named relations: per-bin weights (`cuts`), then one row of answers per group. */
export function percentileCtes(relation: PercentileRelation, value: (fraction: number) => Expr): CteNode[] {
  const { rows, keys, weight, measure, bin, cuts, answers, fractions } = relation;
  const [t, total, cumulative] = ['t', 'total', 'cumulative'].map((name) => id(name));
  const keyIds = keys.map((key) => id(key));
  const binKeys = [...keyIds, id(bin)];
  const spreads = fractions.some((f) => f.when) ? [as(fn('sum', op('*', id(weight), parens(op('-', id(weight), lit(1))))), 'tq')] : [];
  const bins = select({ columns: [...binKeys, as(fn('sum', id(weight)), 't'), ...spreads], from: named(rows), where: isNotNull(id(bin)), groupBy: binKeys });
  const cutsQuery = select({
    columns: [
      ...binKeys,
      t,
      as(fn('coalesce', over(fn('sum', t), { partitionBy: keyIds, orderBy: [by(id(bin))], frame: 'rows before current' }), lit(0)), 'before'),
      as(over(fn('sum', t), { partitionBy: keyIds }), 'total'),
      ...(spreads.length > 0 ? [as(over(fn('sum', id('tq')), { partitionBy: keyIds }), 'spread')] : []),
    ],
    from: derived(bins, 'bins'),
  });
  const answered = (asked: AskedFraction, group: GroupFigure, condition: Expr) => (asked.when ? and(parens(asked.when(group)), condition) : condition);

  // A bin holds fraction f when the weight before it is under f × total and the weight
  // through it reaches f × total.
  const row = (column: string) => id(rows, column);
  const holds = fractions.map((asked) => {
    const target = op('*', value(asked.fraction), id(cuts, 'total'));
    return parens(
      answered(asked, (name) => id(cuts, name), and(op('<', id(cuts, 'before'), target), op('<=', target, op('+', id(cuts, 'before'), id(cuts, 't'))))),
    );
  });
  const rowKeys = keys.map(row);
  const sameBin = [...keys.map((key) => nullSafeEq(row(key), id(cuts, key))), eq(row(bin), id(cuts, bin))];
  const running = over(fn('sum', row(weight)), { partitionBy: [...rowKeys, row(bin)], orderBy: [by(row(measure))], frame: 'rows unbounded preceding' });
  const needed = select({
    columns: [
      ...rowKeys,
      row(measure),
      id(cuts, 'total'),
      ...(spreads.length > 0 ? [id(cuts, 'spread')] : []),
      as(op('+', id(cuts, 'before'), running), 'cumulative'),
    ],
    from: named(rows),
    joins: [join(named(cuts), and(...sameBin))],
    where: or(...holds),
  });
  const percentiles = fractions.map((asked) =>
    as(
      filtered(
        'min',
        id(measure),
        answered(asked, (name) => id(name), op('>=', cumulative, op('*', value(asked.fraction), total))),
      ),
      asked.column,
    ),
  );
  const answersQuery = select({ columns: [...keyIds, ...percentiles], from: derived(needed, 'needed'), ...(keys.length > 0 ? { groupBy: keyIds } : {}) });
  return [cte(cuts, cutsQuery), cte(answers, answersQuery)];
}

// Over few rows the histogram above costs more than it saves (a range, 4,096 bins, running
// sums, joins back): each row's running weight within its group, in value order, answers
// every fraction directly, as a hand-written weighted percentile does. Only finite values
// take part: the others have no value (`finite`) and no weight.

/** Names of a measure's columns that exactPercentile reads, per set of group keys. */
export const runningWeightNames = (measure: number, keysName: string) => ({
  finite: `fv${measure}`,
  running: `run_${keysName}${measure}`,
  total: `total_${keysName}${measure}`,
});

/**
 * The running and total weight of each row's finite value within its group (`keys`), as
 * the columns runningWeightNames names; `finite` is the relation's column of the finite value.
 */
export function runningWeightColumns(measure: number, keysName: string, keys: readonly Expr[], weight: Expr): Expr[] {
  const names = runningWeightNames(measure, keysName);
  const finite = id(names.finite);
  const counted = caseWhen([[isNotNull(finite), weight]]);
  return [
    as(over(fn('sum', counted), { partitionBy: keys, orderBy: [by(finite)], frame: 'rows unbounded preceding' }), names.running),
    as(over(fn('sum', counted), { partitionBy: keys }), names.total),
  ];
}

/** The weighted percentile at `fraction` of a group's rows that carry runningWeightColumns: the smallest value whose running weight reaches it. */
export function exactPercentile(measure: number, keysName: string, fraction: Expr): Expr {
  const names = runningWeightNames(measure, keysName);
  return filtered('min', id(names.finite), op('>=', id(names.running), op('*', fraction, id(names.total))));
}
