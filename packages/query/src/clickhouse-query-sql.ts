// ClickHouse's own statement for a query plan, in SQL that 18.16 and later releases run.
// ClickHouse evaluates a subquery again at each mention (a scalar one even once per
// enclosing SELECT), so each subquery here is mentioned once:
//
//   top      the groups that rank within the limit and pass the havings; with
//            COUNT_DISTINCT or percentiles (and no heatmap) it answers every aggregate
//            of those groups, as a hand-written totals query does, and is joined to
//            their rows: the rows of other groups drop out and each carries its totals
//   inner    per time bucket and group: the series' answers after that join; otherwise
//            per bucket, group (and heatmap bin) each aggregate's partial (sums, counts,
//            minima, maxima, states of uniqExact and quantiles) over the rows `IN (top)`
//   outer    every inner row twice (ARRAY JOIN): under its bucket for the series, under a
//            NULL bucket for the totals (carried, or merged from the partials)
//
// Without breakdowns the one group needs no choosing and its totals are merged from the
// partials; a row of answers over no events stands in for them when none is in range.
// A heatmap's range is best measured first (clickHouseRangeSql) and written into the
// statement as literal numbers: binning against constants costs about half what binning
// against a joined range does. Without a measured range it is joined to the rows.
import type { CompiledSql } from './compile-query.ts';
import { clickHouseDialect, clickHouseNumberLiteral, WEIGHT_SCALE } from './clickhouse-dialect.ts';
import type { SqlValue } from './dialect.ts';
import { COMPARISON_SQL } from './predicate-sql.ts';
import type { AggregateNode, QueryPlan } from './query-plan.ts';
import { scanQuery } from './scan-sql.ts';
import { printSql } from './dialect.ts';
import { bucketOfRange } from './numeric-range.ts';

type Partial = 'sum' | 'count' | 'min' | 'max' | 'uniqExact' | 'quantiles';

/** How an answer reads one of its partials: over rows, merged from inner rows, or over none. */
type Aggregator = (partial: Partial, argument: string, measure?: number) => string;

const id = clickHouseDialect.quoteIdentifier;
const literal = (value: SqlValue) => clickHouseDialect.parameter(value, []);

/** Each heatmap column's minimum and maximum over the query's rows, as `lo<m>` and `hi<m>`; undefined without a heatmap. */
export function clickHouseRangeSql(plan: QueryPlan): CompiledSql | undefined {
  const heatmaps = heatmapMeasures(plan);
  if (heatmaps.length === 0) return undefined;
  // The count of weights is there for ClickHouse 18.16 on a Distributed table: a UNION ALL
  // branch that reads no column of its table (one lacking the measured field, which reads
  // as NULL) loses the columns of its WHERE and fails; counting `w` makes every branch read.
  return {
    sql: `SELECT ${rangeAggregates(heatmaps, (m, high) => id(`${high ? 'hi' : 'lo'}${m}`))}, count(${id('w')}) AS ${id('rows')} FROM ${scanOf(plan)}`,
    params: [],
  };
}

/**
 * The statement answering `plan`. `measured` is the row clickHouseRangeSql answered: when
 * each of its bounds is a finite number (or both of a column's are NULL, no value in
 * range) they are written in as literals; otherwise the range is measured in the statement.
 */
export function clickHouseQuerySql(plan: QueryPlan, measured?: Record<string, unknown>): CompiledSql {
  const scan = scanOf(plan);
  const [w, bucket, b, part, one] = ['w', 'bucket', 'b', 'part', 'one'].map(id);
  const v = (m: number) => id(`v${m}`);
  const groups = plan.groups.map((_, i) => id(`g${i}`));

  // One quantiles state per measure answers all of its percentiles.
  const fractions = new Map<number, number[]>();
  for (const a of plan.aggregates) {
    if (a.kind !== 'percentile') continue;
    const list = fractions.get(a.measure) ?? [];
    if (!list.includes(a.fraction)) list.push(a.fraction);
    fractions.set(a.measure, list);
  }
  const quantiles = (m: number, combinator = '') => `quantilesExactWeighted${combinator}(${fractions.get(m)!.map(literal).join(', ')})`;
  const wholeWeight = `toUInt64(round(${w} * ${WEIGHT_SCALE}))`;

  const heatmaps = heatmapMeasures(plan);
  const known = knownRanges(heatmaps, measured);
  const bin = (m: number) => id(`bin${m}`);
  /** A heatmap's measured low or high end: as joined to the rows, as carried by the inner rows, as output. */
  const end = (stage: 'range' | 'carried' | 'output', m: number, high: boolean) =>
    id(`${{ range: 'range_', carried: 'carried_', output: '' }[stage]}${high ? 'hi' : 'lo'}${m}`);

  /** An aggregate's answer, or one answer per bin for a heatmap. */
  const answer = (node: AggregateNode, of: Aggregator, periodMs: string, binned: (m: number, k: number) => string): string[] => {
    switch (node.kind) {
      case 'count':
        return [`coalesce(${of('sum', w)}, 0)`];
      case 'sum':
        return [of('sum', `${w} * ${v(node.measure)}`)];
      case 'avg':
        return [`${of('sum', `${w} * ${v(node.measure)}`)} / ${of('sum', `if(isNull(${v(node.measure)}), 0, ${w})`)}`];
      case 'min':
      case 'max':
        return [of(node.kind, v(node.measure))];
      case 'countDistinct':
        return [`ifNull(${of('uniqExact', v(node.measure))}, 0)`];
      case 'concurrency':
        // Weighted time in progress within the period (ms, `c` from the scan) over its length (ms).
        return [`coalesce(${of('sum', id('c'))}, 0) / ${periodMs}`];
      case 'percentile': {
        // Weighted, not interpolated: the smallest value whose cumulative weight reaches
        // the fraction of the group's total weight; NULL where the group has no value.
        const index = fractions.get(node.measure)!.indexOf(node.fraction) + 1;
        return [`if(${of('count', v(node.measure))} = 0, NULL, arrayElement(${of('quantiles', v(node.measure), node.measure)}, ${index}))`];
      }
      case 'heatmap':
        return Array.from({ length: node.buckets }, (_, k) => binned(node.measure, k));
    }
  };
  const named = (node: AggregateNode, i: number, sql: string[]) => sql.map((s, k) => `${s} AS ${id(node.kind === 'heatmap' ? `a${i}_${k}` : `a${i}`)}`);
  const totalMs = literal((plan.endUs - plan.startUs) / 1000);

  // Partials of the inner rows, each written once, and how the outer rows merge them.
  const partials = new Map<string, string>();
  const partial = (sql: string) => {
    if (!partials.has(sql)) partials.set(sql, id(`p${partials.size}`));
    return partials.get(sql)!;
  };
  const merged: Aggregator = (kind, argument, measure) => {
    switch (kind) {
      case 'uniqExact':
        return `uniqExactMerge(${partial(`uniqExactState(${argument})`)})`;
      case 'quantiles':
        return `${quantiles(measure!, 'Merge')}(${partial(`${quantiles(measure!, 'State')}(${argument}, ${wholeWeight})`)})`;
      case 'count':
        return `sum(${partial(`count(${argument})`)})`;
      default:
        return `${kind}(${partial(`${kind}(${argument})`)})`;
    }
  };

  // What ranks and filters the groups, straight over the scanned rows.
  const overRows: Aggregator = (kind, argument, measure) =>
    kind === 'quantiles' ? `${quantiles(measure!)}(${argument}, ${wholeWeight})` : `${kind}(${argument})`;
  const ranking = [...new Set([...plan.orders.flatMap((o) => (o.by === 'aggregate' ? [o.index] : [])), ...plan.havings.map((h) => h.aggregate)])];
  const rankedAnswers = ranking.flatMap((i) =>
    named(
      plan.aggregates[i],
      i,
      answer(plan.aggregates[i], overRows, totalMs, () => 'NULL'),
    ),
  );
  const passing = plan.havings.map((h) => `${id(`a${h.aggregate}`)} ${COMPARISON_SQL[h.op]} ${literal(h.value)}`);
  const rankOrder = plan.orders.map((o) => `${id(o.by === 'group' ? `g${o.index}` : `a${o.index}`)} ${o.descending ? 'DESC' : 'ASC'} NULLS LAST`);
  const where = (conditions: string[]) => (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '');

  const ranked = `${where(passing)}${rankOrder.length > 0 ? ` ORDER BY ${rankOrder.join(', ')}` : ''} LIMIT ${literal(plan.limit)}`;
  const grouped = (answers: string[]) => `(SELECT ${[...groups, ...answers].join(', ')} FROM ${scan} GROUP BY ${groups.join(', ')})`;
  // A group's key, in which NULL and '' (or 0) differ; a column no table has is NULL throughout.
  // A derived column's NULL may hide NaN, which equals nothing: its key is its text.
  const key = groups.flatMap((g, i) =>
    plan.derived?.[plan.groups[i]]
      ? [`isNull(${g})`, `ifNull(toString(${g}), '')`]
      : plan.tables.some((t) => t.columns.has(plan.groups[i]))
        ? [`isNull(${g})`, `assumeNotNull(${g})`]
        : [`isNull(${g})`],
  );
  const select = (columns: string[]) => `SELECT ${columns.join(', ')}`;
  const bothParts = (inner: string) =>
    `FROM (${inner}) ARRAY JOIN [CAST(NULL AS Nullable(Float64)), ${b}] AS ${bucket} GROUP BY ${[bucket, ...groups].join(', ')}`;
  const rankedOutput = `ORDER BY ${[part, ...rankOrder, bucket].join(', ')}`;

  // Sums, counts, minima and maxima merge for next to nothing; uniqExact and quantile
  // states cost about what building them did, and a join costs more per row than IN.
  const statesToMerge = plan.aggregates.some((a) => a.kind === 'countDistinct' || a.kind === 'percentile');
  if (groups.length > 0 && heatmaps.length === 0 && statesToMerge) {
    // `top` answers every aggregate of the groups it keeps, as a hand-written totals
    // query does; joined to their rows, it restricts them to those groups and brings
    // each group's totals, and the inner rows are the series.
    const keyNames = key.map((_, j) => id(`k${j}`));
    const keys = key.map((sql, j) => `${sql} AS ${keyNames[j]}`);
    const totals = plan.aggregates.flatMap((node, i) =>
      named(
        node,
        i,
        answer(node, overRows, totalMs, () => 'NULL'),
      ),
    );
    const top = `${select([...keyNames, ...plan.aggregates.map((_, i) => `${id(`a${i}`)} AS ${id(`total${i}`)}`)])} FROM ${grouped([...keys, ...totals])}${ranked}`;
    const series = plan.aggregates.flatMap((node, i) =>
      answer(node, overRows, literal(plan.bucketUs / 1000), () => 'NULL').map((sql) => `${sql} AS ${id(`series${i}`)}`),
    );
    const inner =
      `${select([`${bucket} AS ${b}`, ...groups, ...plan.aggregates.map((_, i) => `any(${id(`total${i}`)}) AS ${id(`carried${i}`)}`), ...series])} ` +
      `FROM (SELECT *, ${keys.join(', ')} FROM ${scan}) ANY INNER JOIN (${top}) USING ${keyNames.join(', ')} GROUP BY ${[b, ...groups].join(', ')}`;
    const answered = plan.aggregates.map((_, i) => `if(isNull(${bucket}), any(${id(`carried${i}`)}), any(${id(`series${i}`)})) AS ${id(`a${i}`)}`);
    return { sql: `${select([`isNotNull(${bucket}) AS ${part}`, bucket, ...groups, ...answered])} ${bothParts(inner)} ${rankedOutput}`, params: [] };
  }

  // Otherwise the totals are merged from the inner rows' partials.
  const answers = plan.aggregates.flatMap((node, i) =>
    named(
      node,
      i,
      answer(node, merged, `if(isNull(${bucket}), ${totalMs}, ${literal(plan.bucketUs / 1000)})`, (m, k) => `sumIf(${partial(`sum(${w})`)}, ${bin(m)} = ${k})`),
    ),
  );

  let chosen: string[];
  if (groups.length > 0) {
    chosen = [`(${key.join(', ')}) IN (SELECT ${key.join(', ')} FROM ${grouped(rankedAnswers)}${ranked})`];
  } else {
    chosen = passing.length > 0 ? [`1 IN (SELECT 1 FROM (SELECT ${rankedAnswers.join(', ')} FROM ${scan})${where(passing)})`] : [];
  }

  const binColumns = heatmaps.map((m) => {
    const bins = binsOf(plan, m);
    const binned = known ? literalBin(v(m), known.get(m)!, bins) : clickHouseDialect.histogramBucket(v(m), end('range', m, false), end('range', m, true), bins);
    return `${binned} AS ${bin(m)}`;
  });
  const carried = known ? [] : heatmaps.flatMap((m) => [false, true].map((high) => `any(${end('range', m, high)}) AS ${end('carried', m, high)}`));
  const ranges = `(SELECT 1 AS ${one}, ${rangeAggregates(heatmaps, (m, high) => end('range', m, high))} FROM ${scan})`;
  const inner =
    `SELECT ${[`${bucket} AS ${b}`, ...groups, ...binColumns, ...carried, ...[...partials].map(([sql, alias]) => `${sql} AS ${alias}`)].join(', ')} ` +
    `FROM ${heatmaps.length > 0 && !known ? `(SELECT *, 1 AS ${one} FROM ${scan}) ANY LEFT JOIN ${ranges} USING ${one}` : scan}${where(chosen)} ` +
    `GROUP BY ${[b, ...groups, ...heatmaps.map(bin)].join(', ')}`;
  const rangeColumns = (value: (m: number, high: boolean) => string) =>
    heatmaps.flatMap((m) => [false, true].map((high) => `${value(m, high)} AS ${end('output', m, high)}`));
  /** The range a totals row reports: the range the inner rows carried, or the measured one (as Float64: Nullable(UInt8) reads back as a boolean). */
  const totalsRange = (m: number, high: boolean) => {
    if (!known) return `any(${end('carried', m, high)})`;
    const range = known.get(m)!;
    return range ? `toFloat64(${boundLiteral(high ? range.hi : range.lo)})` : 'NULL';
  };
  const rows = `${select([`isNotNull(${bucket}) AS ${part}`, bucket, ...groups, ...answers, ...rangeColumns((m, high) => `if(isNull(${bucket}), ${totalsRange(m, high)}, NULL)`)])} ${bothParts(inner)}`;
  if (groups.length > 0) return { sql: `${rows} ${rankedOutput}`, params: [] };

  // An aggregate over no rows is still one row: the one group's totals when no event is in range.
  const overNone: Aggregator = (kind) => (kind === 'count' || kind === 'uniqExact' ? '0' : kind === 'quantiles' ? '[NULL]' : 'NULL');
  const noneAnswers = plan.aggregates.flatMap((node, i) =>
    named(
      node,
      i,
      answer(node, overNone, totalMs, () => '0'),
    ),
  );
  const empty = `(SELECT count() FROM (SELECT 1 FROM ${scan} LIMIT 1)) = 0`;
  const none = `SELECT * FROM (SELECT 0 AS ${part}, NULL AS ${bucket}, ${[...noneAnswers, ...rangeColumns(() => 'NULL')].join(', ')} FROM system.one WHERE ${empty})${where(passing)}`;
  return { sql: `SELECT * FROM (${rows} UNION ALL ${none}) ORDER BY ${part}, ${bucket}`, params: [] };
}

const scanOf = (plan: QueryPlan) => `(${printSql(scanQuery(plan), clickHouseDialect).sql}) AS ${id('scan')}`;

function heatmapMeasures(plan: QueryPlan): number[] {
  return [...new Set(plan.aggregates.flatMap((a) => (a.kind === 'heatmap' ? [a.measure] : [])))];
}

/** min and max of each heatmap column, named by `name`. */
function rangeAggregates(heatmaps: number[], name: (m: number, high: boolean) => string): string {
  return heatmaps
    .flatMap((m) => [false, true].map((high) => `${high ? 'max' : 'min'}(${clickHouseDialect.finiteOrNull(id(`v${m}`))}) AS ${name(m, high)}`))
    .join(', ');
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

/** The one way a measured bound enters the SQL: a finite number's literal, nothing else. */
export function boundLiteral(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`a heatmap bound must be a finite number, not ${String(value)}`);
  return `(${clickHouseNumberLiteral(value)})`;
}

/**
 * A value's bin against literal bounds, as histogramBucket bins it against measured ones.
 * Rows that arrive between measuring and binning and fall outside the range go to the
 * nearest end bin.
 */
function literalBin(value: string, range: MeasuredRange, bins: number): string {
  if (range === null) return 'CAST(NULL AS Nullable(Int64))';
  if (range.hi === range.lo) return `if(isNull(${value}), NULL, 0)`;
  const [lo, hi] = [boundLiteral(range.lo), boundLiteral(range.hi)];
  // Whether the range needs binning on halves is known here, so only one way is written.
  const halved = !Number.isFinite((range.hi - range.lo) * bins);
  const position = bucketOfRange(value, lo, hi, bins, (_, usual, onHalves) => (halved ? onHalves : usual), 'isFinite');
  return `if(isFinite(toFloat64(${value})), least(greatest(toInt64(floor(${position})), 0), ${bins - 1}), NULL)`;
}

function binsOf(plan: QueryPlan, measure: number): number {
  return plan.aggregates.reduce((n, a) => (a.kind === 'heatmap' && a.measure === measure ? a.buckets : n), 0);
}
