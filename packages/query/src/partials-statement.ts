// The statement of a query plan for engines without window functions that evaluate a
// subquery again at each mention (ClickHouse 18.16 and later, even a scalar one once per
// enclosing SELECT), so each subquery here is mentioned once:
//
//   top      the groups that rank within the limit and pass the havings; with
//            COUNT_DISTINCT or percentiles (and no heatmap) it answers every aggregate
//            of those groups, as a hand-written totals query does, and is joined to
//            their rows: the rows of other groups drop out and each carries its totals
//   inner    per time bucket and group: the series' answers after that join; otherwise
//            per bucket, group (and heatmap bin) each aggregate's partial (sums, counts,
//            minima, maxima, states of distinct counts and quantiles) over the rows `IN (top)`
//   outer    every inner row twice (unnest): under its bucket for the series, under a
//            NULL bucket for the totals (carried, or merged from the partials)
//
// Without breakdowns the one group needs no choosing and its totals are merged from the
// partials; a row of answers over no events stands in for them when none is in range.
// A heatmap's range is best measured first (rangeStatement) and written into the statement
// as constants: binning against constants costs about half what binning against a joined
// range does. Without a measured range it is joined to the rows.
import { calculationAnswer, measureColumn, overRows, percentileFractions, WEIGHT, type Aggregator } from './calculation-sql.ts';
import { COMPARISON_SQL } from './predicate-sql.ts';
import type { AggregateNode, QueryPlan } from './query-plan.ts';
import { scanQuery, tableColumn } from './scan-sql.ts';
import type { Expr, FromNode, QueryNode, SelectNode } from './sql/sql-node.ts';
import {
  aggregateState,
  and,
  array,
  as,
  asc,
  by,
  caseWhen,
  cast,
  countDistinct,
  derived,
  desc,
  eq,
  filtered,
  fn,
  id,
  inList,
  isNotNull,
  isNull,
  joinOne,
  knownRangeBucket,
  lit,
  mergeStates,
  NULL,
  op,
  select,
  star,
  subquery,
  tuple,
  typedNull,
  unionAll,
  unnest,
  val,
  weightedQuantiles,
} from './sql/sql-build.ts';

const [bucket, b, part] = ['bucket', 'b', 'part'].map((name) => id(name));
const w = WEIGHT;
const v = measureColumn;
const scanOf = (plan: QueryPlan): FromNode => derived(scanQuery(plan), 'scan');

/** Each heatmap column's minimum and maximum over the query's rows, as `lo<m>` and `hi<m>`; undefined without a heatmap. */
export function rangeStatement(plan: QueryPlan): QueryNode | undefined {
  const heatmaps = heatmapMeasures(plan);
  if (heatmaps.length === 0) return undefined;
  // The count of weights is there for ClickHouse 18.16 on a Distributed table: a UNION ALL
  // branch that reads no column of its table (one lacking the measured field, which reads
  // as NULL) loses the columns of its WHERE and fails; counting `w` makes every branch read.
  return select({ columns: [...rangeAggregates(heatmaps, (m, high) => `${high ? 'hi' : 'lo'}${m}`), as(fn('count', w), 'rows')], from: scanOf(plan) });
}

/**
 * The statement answering `plan`. `measured` is the row rangeStatement answered: when
 * each of its bounds is a finite number (or both of a column's are NULL, no value in
 * range) they are written in as constants; otherwise the range is measured in the statement.
 */
export function partialsStatement(plan: QueryPlan, measured?: Record<string, unknown>): QueryNode {
  const scan = scanOf(plan);
  const groups = plan.groups.map((_, i) => id(`g${i}`));

  // One quantiles state per measure answers all of its percentiles.
  const fractions = percentileFractions(plan.aggregates);
  const quantiles = (m: number, value: Expr) => weightedQuantiles(fractions.get(m)!, value, w);

  const heatmaps = heatmapMeasures(plan);
  const known = knownRanges(heatmaps, measured);
  const bin = (m: number) => id(`bin${m}`);
  /** A heatmap's measured low or high end: as joined to the rows, as carried by the inner rows, as output. */
  const endName = (stage: 'range' | 'carried' | 'output', m: number, high: boolean) =>
    `${{ range: 'range_', carried: 'carried_', output: '' }[stage]}${high ? 'hi' : 'lo'}${m}`;
  const end = (stage: 'range' | 'carried', m: number, high: boolean) => id(endName(stage, m, high));

  const answer = (node: AggregateNode, of: Aggregator, periodMs: Expr, binned: (m: number, k: number) => Expr) =>
    calculationAnswer(node, of, periodMs, binned, fractions);
  const named = (node: AggregateNode, i: number, exprs: Expr[]) => exprs.map((expr, k) => as(expr, node.kind === 'heatmap' ? `a${i}_${k}` : `a${i}`));
  const totalMs = val((plan.endUs - plan.startUs) / 1000);

  // Partials of the inner rows, each written once, and how the outer rows merge them.
  const partials = new Map<string, { expr: Expr; alias: string }>();
  const partial = (expr: Expr) => {
    const key = JSON.stringify(expr);
    if (!partials.has(key)) partials.set(key, { expr, alias: `p${partials.size}` });
    return id(partials.get(key)!.alias);
  };
  const merged: Aggregator = (kind, argument, measure) => {
    switch (kind) {
      case 'countDistinct':
      case 'quantiles': {
        const aggregate = kind === 'quantiles' ? quantiles(measure!, argument) : countDistinct(argument);
        return mergeStates(aggregate, partial(aggregateState(aggregate)));
      }
      case 'count':
        return fn('sum', partial(fn('count', argument)));
      default:
        return fn(kind, partial(fn(kind, argument)));
    }
  };

  // What ranks and filters the groups, straight over the scanned rows.
  const overTheRows = overRows(quantiles);
  const ranking = [...new Set([...plan.orders.flatMap((o) => (o.by === 'aggregate' ? [o.index] : [])), ...plan.havings.map((h) => h.aggregate)])];
  const rankedAnswers = ranking.flatMap((i) =>
    named(
      plan.aggregates[i],
      i,
      answer(plan.aggregates[i], overTheRows, totalMs, () => NULL),
    ),
  );
  const passing = plan.havings.map((h) => op(COMPARISON_SQL[h.op], id(`a${h.aggregate}`), val(h.value)));
  const where = (conditions: Expr[]) => (conditions.length > 0 ? { where: and(...conditions) } : {});
  const rankOrder = plan.orders.map((o) => (o.descending ? desc : asc)(id(o.by === 'group' ? `g${o.index}` : `a${o.index}`), true));

  const ranked: Partial<SelectNode> = { ...where(passing), orderBy: rankOrder, limit: val(plan.limit) };
  const grouped = (answers: Expr[]) => derived(select({ columns: [...groups, ...answers], from: scan, groupBy: groups }));
  // A group's key, in which NULL and '' (or 0) differ; a column no table has is NULL throughout.
  const readsNothing = (physical: string) => plan.tables.every((t) => tableColumn(t)(physical) === NULL);
  // A derived column's NULL may hide NaN, which equals nothing: its key is its text.
  const keyOf = (g: Expr, column: string): Expr[] => {
    if (plan.derived?.[column]) return [isNull(g), fn('coalesce', cast(g, 'text'), val(''))];
    return readsNothing(column) ? [isNull(g)] : [isNull(g), fn('nullAsDefault', g)];
  };
  const key = groups.flatMap((g, i) => keyOf(g, plan.groups[i]));
  const bothParts = (inner: QueryNode) => ({ from: unnest(derived(inner), [typedNull('double'), b], 'bucket'), groupBy: [bucket, ...groups] });
  const rankedOutput = [by(part), ...rankOrder, by(bucket)];
  const partOfRow = as(isNotNull(bucket), 'part');

  // Sums, counts, minima and maxima merge for next to nothing; distinct-count and quantile
  // states cost about what building them did, and a join costs more per row than IN.
  const statesToMerge = plan.aggregates.some((a) => a.kind === 'countDistinct' || a.kind === 'percentile');
  if (groups.length > 0 && heatmaps.length === 0 && statesToMerge) {
    // `top` answers every aggregate of the groups it keeps, as a hand-written totals
    // query does; joined to their rows, it restricts them to those groups and brings
    // each group's totals, and the inner rows are the series.
    const keyNames = key.map((_, j) => `k${j}`);
    const keys = key.map((expr, j) => as(expr, keyNames[j]));
    const totals = plan.aggregates.flatMap((node, i) =>
      named(
        node,
        i,
        answer(node, overTheRows, totalMs, () => NULL),
      ),
    );
    const top = select({
      columns: [...keyNames.map((k) => id(k)), ...plan.aggregates.map((_, i) => as(id(`a${i}`), `total${i}`))],
      from: grouped([...keys, ...totals]),
      ...ranked,
    });
    const series = plan.aggregates.flatMap((node, i) => answer(node, overTheRows, val(plan.bucketUs / 1000), () => NULL).map((expr) => as(expr, `series${i}`)));
    const inner = select({
      columns: [as(bucket, 'b'), ...groups, ...plan.aggregates.map((_, i) => as(fn('anyValue', id(`total${i}`)), `carried${i}`)), ...series],
      from: derived(select({ columns: [star(), ...keys], from: scan })),
      joins: [joinOne(derived(top), keyNames)],
      groupBy: [b, ...groups],
    });
    const answered = plan.aggregates.map((_, i) =>
      as(caseWhen([[isNull(bucket), fn('anyValue', id(`carried${i}`))]], fn('anyValue', id(`series${i}`))), `a${i}`),
    );
    return select({ columns: [partOfRow, bucket, ...groups, ...answered], ...bothParts(inner), orderBy: rankedOutput });
  }

  // Otherwise the totals are merged from the inner rows' partials.
  const periodMs = caseWhen([[isNull(bucket), totalMs]], val(plan.bucketUs / 1000));
  const answers = plan.aggregates.flatMap((node, i) =>
    named(
      node,
      i,
      answer(node, merged, periodMs, (m, k) => filtered('sumOrZero', partial(fn('sum', w)), eq(bin(m), lit(k)))),
    ),
  );

  let chosen: Expr[];
  if (groups.length > 0) {
    chosen = [inList(tuple(...key), select({ columns: key, from: grouped(rankedAnswers), ...ranked }))];
  } else {
    chosen =
      passing.length > 0
        ? [inList(lit(1), select({ columns: [lit(1)], from: derived(select({ columns: rankedAnswers, from: scan })), ...where(passing) }))]
        : [];
  }

  const binColumns = heatmaps.map((m) => {
    const bins = binsOf(plan, m);
    const binned = known ? knownBin(v(m), known.get(m)!, bins) : fn('histogramBucket', v(m), end('range', m, false), end('range', m, true), lit(bins));
    return as(binned, `bin${m}`);
  });
  const carried = known ? [] : heatmaps.flatMap((m) => [false, true].map((high) => as(fn('anyValue', end('range', m, high)), endName('carried', m, high))));
  const joinsRange = heatmaps.length > 0 && !known;
  const ranges = derived(select({ columns: [as(lit(1), 'one'), ...rangeAggregates(heatmaps, (m, high) => endName('range', m, high))], from: scan }));
  const inner = select({
    columns: [as(bucket, 'b'), ...groups, ...binColumns, ...carried, ...[...partials.values()].map(({ expr, alias }) => as(expr, alias))],
    from: joinsRange ? derived(select({ columns: [star(), as(lit(1), 'one')], from: scan })) : scan,
    ...(joinsRange ? { joins: [joinOne(ranges, ['one'], 'left')] } : {}),
    ...where(chosen),
    groupBy: [b, ...groups, ...heatmaps.map(bin)],
  });
  const rangeColumns = (value: (m: number, high: boolean) => Expr) =>
    heatmaps.flatMap((m) => [false, true].map((high) => as(value(m, high), endName('output', m, high))));
  /** The range a totals row reports: the range the inner rows carried, or the measured one (as a double: a constant integer reads back as a boolean). */
  const totalsRange = (m: number, high: boolean) => {
    if (!known) return fn('anyValue', end('carried', m, high));
    const range = known.get(m)!;
    return range ? fn('toDouble', val(high ? range.hi : range.lo)) : NULL;
  };
  const outer = {
    columns: [partOfRow, bucket, ...groups, ...answers, ...rangeColumns((m, high) => caseWhen([[isNull(bucket), totalsRange(m, high)]]))],
    ...bothParts(inner),
  };
  if (groups.length > 0) return select({ ...outer, orderBy: rankedOutput });

  // An aggregate over no rows is still one row: the one group's totals when no event is in range.
  const overNone: Aggregator = (kind) => (kind === 'count' || kind === 'countDistinct' ? lit(0) : kind === 'quantiles' ? array(NULL) : NULL);
  const noneAnswers = plan.aggregates.flatMap((node, i) =>
    named(
      node,
      i,
      answer(node, overNone, totalMs, () => lit(0)),
    ),
  );
  const empty = eq(subquery(select({ columns: [fn('count', star())], from: derived(select({ columns: [lit(1)], from: scan, limit: lit(1) })) })), lit(0));
  const noneRow = select({ columns: [as(lit(0), 'part'), as(NULL, 'bucket'), ...noneAnswers, ...rangeColumns(() => NULL)], where: empty });
  const none = select({ columns: [star()], from: derived(noneRow), ...where(passing) });
  return unionAll([select(outer), none], { orderBy: [by(part), by(bucket)] });
}

function heatmapMeasures(plan: QueryPlan): number[] {
  return [...new Set(plan.aggregates.flatMap((a) => (a.kind === 'heatmap' ? [a.measure] : [])))];
}

/** min and max of each heatmap column's finite values, named by `name`. */
function rangeAggregates(heatmaps: number[], name: (m: number, high: boolean) => string): Expr[] {
  return heatmaps.flatMap((m) => [false, true].map((high) => as(fn(high ? 'max' : 'min', fn('finiteOrNull', v(m))), name(m, high))));
}

/** A column's measured bounds; null when it has no value in range. */
type MeasuredRange = { lo: number; hi: number } | null;

/** Every heatmap column's bounds from the range row, or undefined unless all are finite numbers (or NULL pairs). */
function knownRanges(heatmaps: number[], measured: Record<string, unknown> | undefined): Map<number, MeasuredRange> | undefined {
  if (!measured) return undefined;
  const ranges = new Map<number, MeasuredRange>();
  for (const m of heatmaps) {
    const [lo, hi] = [measured[`lo${m}`], measured[`hi${m}`]];
    if (lo === null && hi === null) ranges.set(m, null);
    else if (Number.isFinite(lo) && Number.isFinite(hi) && (lo as number) <= (hi as number)) ranges.set(m, { lo: lo as number, hi: hi as number });
    else return undefined;
  }
  return ranges;
}

/**
 * A value's bin against measured bounds, as histogramBucket bins it against joined ones.
 * Rows that arrive between measuring and binning and fall outside the range go to the
 * nearest end bin.
 */
function knownBin(value: Expr, range: MeasuredRange, bins: number): Expr {
  if (range === null) return typedNull('bigint');
  if (range.hi === range.lo) return caseWhen([[isNull(value), NULL]], lit(0));
  return knownRangeBucket(value, range.lo, range.hi, bins);
}

function binsOf(plan: QueryPlan, measure: number): number {
  return plan.aggregates.reduce((n, a) => (a.kind === 'heatmap' && a.measure === measure ? a.buckets : n), 0);
}
