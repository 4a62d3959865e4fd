// Compiles a QuerySpec into one SQL statement, as a node tree the dialect's printer
// writes. The statement answers both halves of a result: the totals per group (ranked,
// filtered by havings, limited) and the time series of those same groups. Each
// calculation's answer is defined once (calculation-sql.ts); what the engine can do, never
// its name, decides how the statement reads them:
//
// With window functions and named relations computed once (DuckDB), the statement below:
//
//   scan     one SELECT per table (a column a table lacks reads as NULL), UNION ALL
//   bounds   the measured range of each heatmap (and binned percentile) column, with the
//            constants of its bins (range-bins.ts)
//   ranked   each row's heatmap bucket and percentile bin
//   cuts_*, percentiles_*  weighted percentiles per group from running weights of bins;
//            or, over few rows (the tables' row counts say), `running`: each row's own
//            running weight in its group, read by the groups' aggregates directly
//   grouped  totals per group, havings applied; totals ranks and limits them
//   top_rows the rows of the groups in totals
//   series   per time bucket, only for the groups in totals
//
// Without breakdowns (one group, nothing to rank), engines with GROUPING SETS answer
// totals and series from one read instead (`both`; a heatmap alone through `binned`).
//
// Without them (ClickHouse reads a named subquery again at each mention), the statement
// answers from per-group partials merged (partials-statement.ts); where values are written
// as literals, a heatmap's range is measured by a statement of its own first.
//
// Rows come back as part 0 (totals, in rank order) then part 1 (series). Every value is a
// value node; every identifier a generated physical name, quoted by the printer.
import type { QueryTarget } from './dataset-schema.ts';
import type { Dialect } from './dialect.ts';
import type { CalculationOp } from './query-spec.ts';
import { QueryError } from './query-error.ts';
import { validateQuery, type ValidQuery } from './validate-query.ts';
import { planQuery, type AggregateNode, type QueryPlan } from './query-plan.ts';
import { COMPARISON_SQL } from './predicate-sql.ts';
import { scanQuery, scanRelations } from './scan-sql.ts';
import { exactPercentile, percentileCtes, runningWeightColumns, runningWeightNames } from './percentile-sql.ts';
import { binConstants, binOfRow } from './range-bins.ts';
import { calculationAnswer, measureColumn, overRows, percentileFractions, WEIGHT } from './calculation-sql.ts';
import { printSql } from './dialect.ts';
import type { CteNode, Expr, FromNode, JoinNode, QueryNode } from './sql/sql-node.ts';
import {
  and,
  array,
  as,
  asc,
  by,
  caseWhen,
  crossJoin,
  cte,
  derived,
  desc,
  eq,
  filtered,
  fn,
  grouping,
  id,
  join,
  leftJoin,
  lit,
  named,
  NULL,
  nullSafeEq,
  op,
  select,
  star,
  unionAll,
  val,
} from './sql/sql-build.ts';
import { partialsStatement, rangeStatement } from './partials-statement.ts';
import type { ConfidencePlan } from './confidence/confidence-plan.ts';
import { rungNeeded } from './confidence/ladder-rungs-sql.ts';

export interface CompiledSql {
  sql: string;
  params: unknown[];
}

/** How to read the rows back into a result. */
export interface ResultLayout {
  /** Field names of the breakdowns, returned as columns g0, g1, ... */
  breakdowns: string[];
  /**
   * Each calculation's result name and op, returned as columns a0, a1, ... (a heatmap as
   * a0_0, a0_1, ... with its range in lo<measure> and hi<measure> on the totals rows).
   */
  calculations: { name: string; op: CalculationOp; measure?: number }[];
  heatmapBuckets: number;
  startUs: number;
  endUs: number;
  bucketUs: number;
  /** With `confidence`: the aggregates (columns a<n> after the calculations') each interval reads. */
  confidence?: ConfidencePlan;
}

export interface CompiledQuery extends CompiledSql {
  layout: ResultLayout;
}

/** Bins of a percentile's measured range (see percentile-sql.ts). */
const PERCENTILE_BINS = 4096;

/**
 * Up to this many rows in the tables read (as the catalog counts them), percentiles come
 * from each row's running weight; beyond, or where a table's count is unknown, from bins
 * (measured with bench/query.ts: where the two plans cost the same).
 */
export const EXACT_PERCENTILE_ROWS = 300_000;

function fitsExactPercentiles(tables: QueryPlan['tables']): boolean {
  let rows = 0;
  for (const table of tables) {
    if (table.rows === undefined) return false;
    rows += table.rows;
  }
  return rows <= EXACT_PERCENTILE_ROWS;
}

/** Row kinds in the compiled statement's output. */
export const TOTALS_PART = 0;
export const SERIES_PART = 1;

/**
 * Validates a spec against its target and compiles it.
 *
 * @example
 * compileQuery({ calculations: [{ op: 'COUNT' }], breakdowns: ['http.route'], time_range: 3600 }, target, duckDbDialect, { dataset: 'api' })
 * // → { sql: 'WITH "scan" AS (SELECT $1 + floor((epoch_us("ts") - $1) / $2) * $2 AS "bucket", ...', params: [...], layout }
 */
export function compileQuery(
  spec: unknown,
  target: QueryTarget,
  dialect: Dialect,
  options: { dataset: string; now?: Date; measuredRanges?: Record<string, unknown> },
): CompiledQuery {
  return compilePrepared(prepareQuery(spec, target, options), dialect, options.measuredRanges);
}

/** A spec validated against its target and planned: every statement of one question is compiled from it. */
export interface PreparedQuery {
  query: ValidQuery;
  plan: QueryPlan;
}

export function prepareQuery(spec: unknown, target: QueryTarget, options: { dataset: string; now?: Date }): PreparedQuery {
  if (target.tables.length === 0) throw new QueryError('', `dataset ${JSON.stringify(options.dataset)} has no events yet`);
  const query = validateQuery(spec, target, options);
  return { query, plan: planQuery(query, target.tables) };
}

/** compileQuery of a prepared query; `measuredRanges` is the row of its compileRangeQuery, where there is one. */
export function compilePrepared({ query, plan }: PreparedQuery, dialect: Dialect, measuredRanges?: Record<string, unknown>): CompiledQuery {
  return {
    ...printSql(dialect.windowFunctions ? planStatement(plan, dialect.groupingSets === true) : partialsStatement(plan, measuredRanges), dialect),
    layout: {
      breakdowns: query.breakdowns.map((field) => field.name),
      calculations: query.calculations.map(({ name, op }, i) => {
        const node = plan.aggregates[i];
        return 'measure' in node ? { name, op, measure: node.measure } : { name, op };
      }),
      heatmapBuckets: plan.aggregates.find((a) => a.kind === 'heatmap')?.buckets ?? 0,
      startUs: plan.startUs,
      endUs: plan.endUs,
      bucketUs: plan.bucketUs,
      ...(plan.confidence ? { confidence: plan.confidence } : {}),
    },
  };
}

/**
 * The statement to run before compilePrepared where the engine bins a heatmap faster
 * against constant bounds (values written as literals): its one row, passed back as
 * `measuredRanges`, holds each heatmap column's range over the query's rows. Undefined otherwise.
 */
export function compileRangeQuery({ plan }: PreparedQuery, dialect: Dialect): CompiledSql | undefined {
  const statement = dialect.inlineValues ? rangeStatement(plan) : undefined;
  return statement && printSql(statement, dialect);
}

type Part = 'totals' | 'series';

/** The statement of `plan` for engines with window functions (the running weights of percentiles) and named relations computed once. */
function planStatement(plan: QueryPlan, groupingSets: boolean): QueryNode {
  const groupAliases = plan.groups.map((_, i) => `g${i}`);
  const measure = measureColumn;
  const weight = WEIGHT;

  const uniqueMeasures = (kind: AggregateNode['kind']) => [...new Set(plan.aggregates.flatMap((a) => (a.kind === kind && 'measure' in a ? [a.measure] : [])))];
  const heatmapMeasures = uniqueMeasures('heatmap');
  const heatmapBuckets = (m: number) => plan.aggregates.reduce((n, a) => (a.kind === 'heatmap' && a.measure === m ? a.buckets : n), 0);
  // Percentiles over few rows are read from each row's running weight; over many, from
  // the running weights of bins (percentile-sql.ts), which intervals' quantile ladders also read.
  const percentileMeasures = uniqueMeasures('percentile');
  const exact = percentileMeasures.length > 0 && !plan.confidence && fitsExactPercentiles(plan.tables);
  const runningMeasures = exact ? [] : percentileMeasures;
  const ladderOf = (node: AggregateNode & { kind: 'quantileLadder' }) => percentileFractions(plan.aggregates).get(node.measure)!;
  // Each group asks only the rungs its intervals read (confidence/ladder-rungs-sql.ts).
  const ladderRungs = (node: AggregateNode & { kind: 'quantileLadder' }) => {
    const percentiles = plan.aggregates.flatMap((a) => (a.kind === 'percentile' && a.measure === node.measure ? [a.fraction] : []));
    const ascending = [...ladderOf(node)].sort((a, b) => a - b);
    return ladderOf(node).map((fraction) => ({ fraction, when: rungNeeded(ascending.indexOf(fraction), ascending, percentiles, plan.confidence!.z) }));
  };

  const partitionKeys = (part: Part) => (part === 'totals' ? groupAliases : ['bucket', ...groupAliases]);
  const [part, bucket] = [id('part'), id('bucket')];

  // Percentiles from running weights of bins are computed apart (below) and joined to the groups.
  const aggregate = (node: AggregateNode, part: Part): Expr[] => {
    if (node.kind === 'quantileLadder') return [];
    if (node.kind === 'percentile') {
      if (!exact) return [];
      const answer = (of: Part) => exactPercentile(node.measure, of, val(node.fraction));
      // Grouped by the bucket and by nothing at once, each grouping set reads its own running weights.
      return [onePass ? caseWhen([[eq(grouping(bucket), lit(1)), answer('totals')]], answer('series')) : answer(part)];
    }
    const periodMs = (part === 'totals' ? plan.endUs - plan.startUs : plan.bucketUs) / 1000;
    return calculationAnswer(node, overRows(), val(periodMs), (m, k) => filtered('sumOrZero', weight, eq(id(`bin${m}`), lit(k))));
  };
  const aggregateColumns = (part: Part) =>
    plan.aggregates.flatMap((node, i) => aggregate(node, part).map((expr, k) => as(expr, node.kind === 'heatmap' ? `a${i}_${k}` : `a${i}`)));
  const outputAggregates = plan.aggregates.flatMap((node, i) =>
    node.kind === 'heatmap' ? Array.from({ length: node.buckets }, (_, k) => id(`a${i}_${k}`)) : [id(`a${i}`)],
  );
  const bounds = heatmapMeasures.flatMap((m) => [id(`lo${m}`), id(`hi${m}`)]);
  const withBounds = heatmapMeasures.length > 0 ? { joins: [crossJoin(named('bounds'))] } : {};

  // Without breakdowns there is one group and nothing to rank: totals and series come from
  // one read of the rows, grouped by the bucket and by nothing at once. A heatmap alone is
  // counted per bin before its bins become columns.
  const onePass =
    groupingSets &&
    plan.groups.length === 0 &&
    plan.havings.length === 0 &&
    runningMeasures.length === 0 &&
    plan.aggregates.every((a) => a.kind !== 'concurrency');
  const binnedHeatmap = onePass && heatmapMeasures.length === 1 && plan.aggregates.every((a) => a.kind === 'heatmap');
  // Each reference reads the table again, as a pair of hand-written statements would,
  // rather than storing every matching row first; only running-weight percentiles, which
  // revisit the rows several times, keep them stored. So does a measured range over a
  // union of tables (`__all__`): reading 20 tables twice costs more than storing their
  // few scanned columns once (1.7x against 1x at 1M spans in 20 tables, bench/query.ts).
  // Per-entity rows (few, and costly to make) are kept too.
  const storeRows = plan.per !== undefined || (heatmapMeasures.length > 0 && plan.tables.length > 1);
  const reuse = storeRows ? 'materialize' : percentileMeasures.length === 0 ? 'inline' : undefined;
  const ctes: CteNode[] = scanRelations('scan', scanQuery(plan, 'runningWeights'), reuse);
  const rangedMeasures = [...new Set([...heatmapMeasures, ...runningMeasures])];
  let sourceName = 'scan';
  if (rangedMeasures.length > 0) {
    // Taken over finite values only: a column from before non-finite numbers were kept
    // out of number columns may still hold one, and it is binned nowhere. The constants
    // of each column's bins are worked out here, once (range-bins.ts).
    const finite = (m: number) => fn('finiteOrNull', measure(m));
    const ranges = rangedMeasures.flatMap((m) => [as(fn('min', finite(m)), `lo${m}`), as(fn('max', finite(m)), `hi${m}`)]);
    const binnings = [
      ...heatmapMeasures.map((m) => ({ m, bins: heatmapBuckets(m), name: `bin${m}` })),
      ...runningMeasures.map((m) => ({ m, bins: PERCENTILE_BINS, name: `pbin${m}` })),
    ];
    const constants = binnings.flatMap(({ m, bins }) => binConstants(m, bins, id(`lo${m}`), id(`hi${m}`)));
    ctes.push(cte('bounds', select({ columns: [star(), ...constants], from: derived(select({ columns: ranges, from: named('scan') }), 'ranges') })));
    const bins = binnings.map(({ m, bins, name }) => as(binOfRow(measure(m), m, bins), name));
    ctes.push(cte('ranked', select({ columns: [star('scan'), ...bins], from: named('scan'), joins: [crossJoin(named('bounds'))] })));
    sourceName = 'ranked';
  }
  if (exact) {
    // Each row's running weights within its group, for the totals and for the series.
    const finiteValues = percentileMeasures.map((m) => as(fn('finiteOrNull', measure(m)), runningWeightNames(m, 'totals').finite));
    const runningWeights = percentileMeasures.flatMap((m) =>
      (['totals', 'series'] as const).flatMap((of) =>
        runningWeightColumns(
          m,
          of,
          partitionKeys(of).map((key) => id(key)),
          weight,
        ),
      ),
    );
    const finiteRows = derived(select({ columns: [star(), ...finiteValues], from: named(sourceName) }), 'finite');
    ctes.push(cte('running', select({ columns: [star(), ...runningWeights], from: finiteRows })));
    sourceName = 'running';
  }
  const source = named(sourceName);

  if (onePass) {
    const partOf = as(caseWhen([[eq(grouping(bucket), lit(1)), lit(TOTALS_PART)]], lit(SERIES_PART)), 'part');
    const aggregates = aggregateColumns('totals');
    if (binnedHeatmap) {
      // Rows grouped by their bin first (one hash lookup a row instead of a conditional sum
      // per bin), the bins spread into columns after; the () set keeps a totals row when no
      // row matches.
      const bin = id(`bin${heatmapMeasures[0]}`);
      ctes.push(
        cte('binned', select({ columns: [partOf, bucket, bin, as(fn('sum', weight), 'w')], from: source, groupingSets: [[], [bin], [bucket, bin]] })),
        cte('both', select({ columns: [part, bucket, ...aggregates], from: named('binned'), groupBy: [part, bucket] })),
      );
    } else {
      ctes.push(cte('both', select({ columns: [partOf, bucket, ...aggregates], from: source, groupingSets: [[], [bucket]] })));
    }
    return select({ with: ctes, columns: [part, bucket, ...outputAggregates, ...bounds], from: named('both'), ...withBounds, orderBy: [by(part), by(bucket)] });
  }

  /** Writes the percentile answers of the part's groups; returns each answer's relation by aggregate index. */
  const percentileRelations = (part: Part, rows: string): Map<number, string> => {
    const relations = new Map<number, string>();
    for (const m of runningMeasures) {
      const answers = `percentiles_${part}${m}`;
      const fractions = plan.aggregates.flatMap((a, i) => {
        if ((a.kind !== 'percentile' && a.kind !== 'quantileLadder') || a.measure !== m) return [];
        relations.set(i, answers);
        if (a.kind === 'quantileLadder') return ladderRungs(a).map((rung, k) => ({ column: `p${i}_${k}`, ...rung }));
        return [{ column: `p${i}`, fraction: a.fraction }];
      });
      const relation = { rows, keys: partitionKeys(part), weight: 'w', measure: `v${m}`, bin: `pbin${m}`, cuts: `cuts_${part}${m}`, answers, fractions };
      ctes.push(...percentileCtes(relation, val));
    }
    return relations;
  };

  /**
   * Aggregates `rows` per group of the part into `name`. With percentiles the other
   * aggregates go to `<name>_base` first and each group meets its percentiles there.
   */
  const aggregateGroups = (
    part: Part,
    name: string,
    rows: string,
    from: { from: FromNode; joins?: JoinNode[] },
    having: (operand: (index: number) => Expr) => Expr[],
  ) => {
    const keys = partitionKeys(part);
    // The series reads its rows joined with the totals, which have the same group columns.
    const rowKeys = keys.map((key) => (part === 'series' ? id(rows, key) : id(key)));
    const groupBy = keys.length > 0 ? { groupBy: rowKeys } : {};
    const columns = [...rowKeys.map((key, i) => (part === 'series' ? as(key, keys[i]) : key)), ...aggregateColumns(part)];
    if (runningMeasures.length === 0) {
      const conditions = having((index) => aggregate(plan.aggregates[index], part)[0]);
      ctes.push(cte(name, select({ columns, ...from, ...groupBy, ...(conditions.length > 0 ? { having: and(...conditions) } : {}) })));
      return;
    }
    const base = `${name}_base`;
    // A SELECT needs a column even when percentiles are all that is asked, without groups.
    ctes.push(cte(base, select({ columns: columns.length > 0 ? columns : [as(fn('count', star()), 'events')], ...from, ...groupBy })));
    const relations = percentileRelations(part, rows);
    const answerOf = (index: number) => {
      const [answers, node] = [relations.get(index)!, plan.aggregates[index]];
      // A ladder is one array of its quantiles, as engines with a quantiles aggregate answer it.
      return node.kind === 'quantileLadder' ? array(...ladderOf(node).map((_, k) => id(answers, `p${index}_${k}`))) : id(answers, `p${index}`);
    };
    // Without keys a relation of answers is one row.
    const joins = [...new Set(relations.values())].map((answers) =>
      keys.length > 0 ? leftJoin(named(answers), and(...keys.map((key) => nullSafeEq(id(base, key), id(answers, key))))) : crossJoin(named(answers)),
    );
    const conditions = having((index) => (relations.has(index) ? answerOf(index) : id(base, `a${index}`)));
    const answers = [...relations.keys()].map((index) => as(answerOf(index), `a${index}`));
    ctes.push(
      cte(name, select({ columns: [star(base), ...answers], from: named(base), joins, ...(conditions.length > 0 ? { where: and(...conditions) } : {}) })),
    );
  };

  aggregateGroups('totals', 'grouped', sourceName, { from: source }, (operand) =>
    plan.havings.map((h) => op(COMPARISON_SQL[h.op], operand(h.aggregate), val(h.value))),
  );
  const rankOrder = plan.orders.map((o) => (o.descending ? desc : asc)(id(o.by === 'group' ? `g${o.index}` : `a${o.index}`), true));
  ctes.push(cte('totals', select({ columns: [star()], from: named('grouped'), orderBy: rankOrder, limit: val(plan.limit) })));
  const sameGroup = groupAliases.map((g) => nullSafeEq(id(sourceName, g), id('totals', g)));
  const topGroups = sameGroup.length > 0 ? join(named('totals'), and(...sameGroup)) : crossJoin(named('totals'));
  // Without groups or havings the one total is always there: every row is in the series,
  // and joining them with it would only copy them (a pass over all rows for percentiles).
  if (groupAliases.length === 0 && plan.havings.length === 0) {
    aggregateGroups('series', 'series', sourceName, { from: source }, () => []);
  } else if (runningMeasures.length > 0) {
    // The series' percentiles are taken over the top groups' rows only.
    ctes.push(cte('top_rows', select({ columns: [star(sourceName)], from: source, joins: [topGroups] })));
    aggregateGroups('series', 'series', 'top_rows', { from: named('top_rows') }, () => []);
  } else {
    aggregateGroups('series', 'series', sourceName, { from: source, joins: [topGroups] }, () => []);
  }

  // Series rows carry their group's values; the reader matches them to the totals.
  const outputs = (partNumber: number, bucketOf: Expr, boundsOf: Expr[]) => [
    as(lit(partNumber), 'part'),
    as(bucketOf, 'bucket'),
    ...groupAliases.map((g) => id(g)),
    ...outputAggregates,
    ...boundsOf,
  ];
  return unionAll(
    [
      select({ columns: outputs(TOTALS_PART, NULL, bounds), from: named('totals'), ...withBounds }),
      select({
        columns: outputs(
          SERIES_PART,
          bucket,
          bounds.map(() => NULL),
        ),
        from: named('series'),
      }),
    ],
    { with: ctes, orderBy: [by(part), ...rankOrder, by(bucket)] },
  );
}
