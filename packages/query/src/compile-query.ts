// Compiles a QuerySpec into one SQL statement for a dialect. The statement answers both
// halves of a result: the totals per group (ranked, filtered by havings, limited) and the
// time series of those same groups.
//
//   scan     one SELECT per table (a column a table lacks reads as NULL), UNION ALL
//   bounds   the measured range of each heatmap (and running-weight percentile) column
//   ranked   each row's heatmap bucket and percentile bin
//   cuts_*, percentiles_*  weighted percentiles per group (engines without their own)
//   grouped  totals per group, havings applied; totals ranks and limits them
//   top_rows the rows of the groups in totals
//   series   per time bucket, only for the groups in totals
//
// Without breakdowns (one group, nothing to rank), engines with GROUPING SETS answer
// totals and series from one read instead (`both`; a heatmap alone through `binned`).
//
// Rows come back as part 0 (totals, in rank order) then part 1 (series). Every value is a
// parameter; every identifier a generated physical name through the dialect's quoting.
// Ranking needs no window function and groups meet through one hook, so engines without
// window functions need only their own percentile hook.
import type { QueryTarget } from './dataset-schema.ts';
import type { Dialect, SqlValue } from './dialect.ts';
import type { CalculationOp } from './query-spec.ts';
import { QueryError } from './query-error.ts';
import { validateQuery, type ValidQuery } from './validate-query.ts';
import { planQuery, type AggregateNode, type QueryPlan } from './query-plan.ts';
import { COMPARISON_SQL } from './predicate-sql.ts';
import { scanSql } from './scan-sql.ts';
import { percentileCtes } from './percentile-sql.ts';
import { clickHouseQuerySql, clickHouseRangeSql } from './clickhouse-query-sql.ts';

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
}

export interface CompiledQuery extends CompiledSql {
  layout: ResultLayout;
}

/** Bins of a percentile's measured range (see percentile-sql.ts). */
const PERCENTILE_BINS = 4096;

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
    // ClickHouse writes its own statement: it reads a named subquery again at each mention.
    ...(dialect.name === 'clickhouse' ? clickHouseQuerySql(plan, measuredRanges) : compilePlan(plan, dialect)),
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
    },
  };
}

/**
 * The statement to run before compilePrepared where the engine bins a heatmap faster
 * against literal bounds (ClickHouse): its one row, passed back as `measuredRanges`, holds
 * each heatmap column's range over the query's rows. Undefined otherwise.
 */
export function compileRangeQuery({ plan }: PreparedQuery, dialect: Dialect): CompiledSql | undefined {
  return dialect.name === 'clickhouse' ? clickHouseRangeSql(plan) : undefined;
}

type Part = 'totals' | 'series';

export function compilePlan(plan: QueryPlan, dialect: Dialect): CompiledSql {
  const params: unknown[] = [];
  const id = (name: string) => dialect.quoteIdentifier(name);
  const value = (v: SqlValue) => dialect.parameter(v, params);
  const groupAliases = plan.groups.map((_, i) => id(`g${i}`));
  const measure = (m: number) => id(`v${m}`);
  const weight = id('w');

  const uniqueMeasures = (kind: AggregateNode['kind']) => [
    ...new Set(plan.aggregates.flatMap((a) => (a.kind === kind && 'measure' in a ? [a.measure] : []))),
  ];
  const heatmapMeasures = uniqueMeasures('heatmap');
  const heatmapBuckets = (m: number) =>
    plan.aggregates.reduce((n, a) => (a.kind === 'heatmap' && a.measure === m ? a.buckets : n), 0);
  const runningMeasures = dialect.percentileFromRunningWeight ? uniqueMeasures('percentile') : [];

  const partitionKeys = (part: Part) => (part === 'totals' ? groupAliases : [id('bucket'), ...groupAliases]);

  // Percentiles from running weights are computed apart (below) and joined to the groups.
  const joinedPercentile = (node: AggregateNode) => node.kind === 'percentile' && dialect.percentileFromRunningWeight;
  const aggregate = (node: AggregateNode, part: Part): string[] => {
    switch (node.kind) {
      case 'count':
        return [`coalesce(sum(${weight}), 0)`];
      case 'sum':
        return [`sum(${weight} * ${measure(node.measure)})`];
      case 'avg':
        return [`sum(${weight} * ${measure(node.measure)}) / sum(CASE WHEN ${measure(node.measure)} IS NOT NULL THEN ${weight} END)`];
      case 'min':
      case 'max':
        return [`${node.kind}(${measure(node.measure)})`];
      case 'countDistinct':
        return [`count(DISTINCT ${measure(node.measure)})`];
      case 'concurrency': {
        // Weighted time in progress within the period (ms, `c` from the scan) over its length (ms).
        const periodMs = ((part === 'totals' ? plan.endUs - plan.startUs : plan.bucketUs) / 1000);
        return [`coalesce(sum(${id('c')}), 0) / ${value(periodMs)}`];
      }
      // Weighted, not interpolated: the smallest value whose cumulative sample-rate weight,
      // in ascending order, reaches the fraction of the group's total weight.
      case 'percentile':
        return [dialect.weightedPercentile(measure(node.measure), weight, value(node.fraction))];
      case 'heatmap':
        return Array.from({ length: node.buckets }, (_, k) =>
          `coalesce(${dialect.filteredAggregate('sum', weight, `${id(`bin${node.measure}`)} = ${k}`)}, 0)`,
        );
    }
  };
  const aggregateColumns = (part: Part) =>
    plan.aggregates.flatMap((node, i) =>
      joinedPercentile(node) ? [] : aggregate(node, part).map((sql, k) => `${sql} AS ${id(node.kind === 'heatmap' ? `a${i}_${k}` : `a${i}`)}`),
    );
  const outputAggregates = plan.aggregates.flatMap((node, i) =>
    node.kind === 'heatmap' ? Array.from({ length: node.buckets }, (_, k) => id(`a${i}_${k}`)) : [id(`a${i}`)],
  );
  const bounds = heatmapMeasures.flatMap((m) => [id(`lo${m}`), id(`hi${m}`)]);

  // Without breakdowns there is one group and nothing to rank: totals and series come from
  // one read of the rows, grouped by the bucket and by nothing at once. A heatmap alone is
  // counted per bin before its bins become columns.
  const onePass =
    dialect.groupingSets === true &&
    plan.groups.length === 0 &&
    plan.havings.length === 0 &&
    runningMeasures.length === 0 &&
    plan.aggregates.every((a) => a.kind !== 'concurrency');
  const binnedHeatmap = onePass && heatmapMeasures.length === 1 && plan.aggregates.every((a) => a.kind === 'heatmap');
  // Each reference reads the table again, as a pair of hand-written statements would,
  // rather than storing every matching row first; only running-weight percentiles, which
  // revisit the rows several times, keep them stored.
  const scanHint = runningMeasures.length === 0 && dialect.inlineCte ? ` ${dialect.inlineCte}` : '';
  const ctes: string[] = [`${id('scan')} AS${scanHint} (${scanSql(plan, dialect, value)})`];
  const rangedMeasures = [...new Set([...heatmapMeasures, ...runningMeasures])];
  let source = id('scan');
  if (rangedMeasures.length > 0) {
    // Taken over finite values only: a column from before non-finite numbers were kept
    // out of number columns may still hold one, and it is binned nowhere.
    const finite = (m: number) => dialect.finiteOrNull(measure(m));
    const ranges = rangedMeasures.map((m) => `min(${finite(m)}) AS ${id(`lo${m}`)}, max(${finite(m)}) AS ${id(`hi${m}`)}`);
    ctes.push(`${id('bounds')} AS (SELECT ${ranges.join(', ')} FROM ${id('scan')})`);
    const bins = [
      ...heatmapMeasures.map((m) => `${dialect.histogramBucket(measure(m), id(`lo${m}`), id(`hi${m}`), heatmapBuckets(m))} AS ${id(`bin${m}`)}`),
      ...runningMeasures.map((m) => `${dialect.histogramBucket(measure(m), id(`lo${m}`), id(`hi${m}`), PERCENTILE_BINS)} AS ${id(`pbin${m}`)}`),
    ];
    ctes.push(`${id('ranked')} AS (SELECT ${id('scan')}.*, ${bins.join(', ')} FROM ${id('scan')} CROSS JOIN ${id('bounds')})`);
    source = id('ranked');
  }

  if (onePass) {
    const [part, bucket] = [id('part'), id('bucket')];
    const partOf = `CASE WHEN GROUPING(${bucket}) = 1 THEN ${TOTALS_PART} ELSE ${SERIES_PART} END AS ${part}`;
    const aggregates = aggregateColumns('totals').join(', ');
    if (binnedHeatmap) {
      // Rows grouped by their bin first (one hash lookup a row instead of a conditional sum
      // per bin), the bins spread into columns after; the () set keeps a totals row when no
      // row matches.
      const bin = id(`bin${heatmapMeasures[0]}`);
      ctes.push(
        `${id('binned')} AS (SELECT ${partOf}, ${bucket}, ${bin}, sum(${weight}) AS ${weight} FROM ${source} GROUP BY GROUPING SETS ((), (${bin}), (${bucket}, ${bin})))`,
        `${id('both')} AS (SELECT ${part}, ${bucket}, ${aggregates} FROM ${id('binned')} GROUP BY ${part}, ${bucket})`,
      );
    } else {
      ctes.push(`${id('both')} AS (SELECT ${partOf}, ${bucket}, ${aggregates} FROM ${source} GROUP BY GROUPING SETS ((), (${bucket})))`);
    }
    const sql =
      `WITH ${ctes.join(', ')} ` +
      `SELECT ${[part, bucket, ...outputAggregates, ...bounds].join(', ')} FROM ${id('both')}${heatmapMeasures.length > 0 ? ` CROSS JOIN ${id('bounds')}` : ''} ` +
      `ORDER BY ${part}, ${bucket}`;
    return { sql, params };
  }

  /** Writes the percentile answers of the part's groups; returns each answer's relation by aggregate index. */
  const percentileRelations = (part: Part, rows: string): Map<number, string> => {
    const relations = new Map<number, string>();
    for (const m of runningMeasures) {
      const answers = id(`percentiles_${part}${m}`);
      const fractions = plan.aggregates.flatMap((a, i) => {
        if (a.kind !== 'percentile' || a.measure !== m) return [];
        relations.set(i, answers);
        return [{ column: id(`p${i}`), fraction: a.fraction }];
      });
      const relation = { rows, keys: partitionKeys(part), weight, measure: measure(m), bin: id(`pbin${m}`), cuts: id(`cuts_${part}${m}`), answers, fractions };
      ctes.push(...percentileCtes(relation, dialect, value));
    }
    return relations;
  };

  /**
   * Aggregates `rows` per group of the part into `name`. With joined percentiles the other
   * aggregates go to `<name>_base` first and each group meets its percentiles there.
   */
  const aggregateGroups = (part: Part, name: string, rows: string, from: string, having: (operand: (index: number) => string) => string[]) => {
    const keys = partitionKeys(part);
    // The series reads its rows joined with the totals, which have the same group columns.
    const rowKeys = part === 'series' ? keys.map((key) => `${rows}.${key}`) : keys;
    const grouping = keys.length > 0 ? ` GROUP BY ${rowKeys.join(', ')}` : '';
    const select = [...rowKeys.map((key, i) => (key === keys[i] ? key : `${key} AS ${keys[i]}`)), ...aggregateColumns(part)].join(', ');
    if (runningMeasures.length === 0) {
      const conditions = having((index) => aggregate(plan.aggregates[index], part)[0]);
      ctes.push(`${id(name)} AS (SELECT ${select} FROM ${from}${grouping}${conditions.length > 0 ? ` HAVING ${conditions.join(' AND ')}` : ''})`);
      return;
    }
    const base = id(`${name}_base`);
    // A SELECT needs a column even when percentiles are all that is asked, without groups.
    ctes.push(`${base} AS (SELECT ${select || `count(*) AS ${id('events')}`} FROM ${from}${grouping})`);
    const relations = percentileRelations(part, rows);
    const answerOf = (index: number) => `${relations.get(index)}.${id(`p${index}`)}`;
    const joins = [...new Set(relations.values())].map((answers) => {
      const same = keys.map((key) => dialect.nullSafeEqual(`${base}.${key}`, `${answers}.${key}`));
      return ` LEFT JOIN ${answers} ON ${same.length > 0 ? same.join(' AND ') : 'TRUE'}`;
    });
    const conditions = having((index) => (relations.has(index) ? answerOf(index) : `${base}.${id(`a${index}`)}`));
    const answers = [...relations.keys()].map((index) => `${answerOf(index)} AS ${id(`a${index}`)}`);
    ctes.push(
      `${id(name)} AS (SELECT ${[`${base}.*`, ...answers].join(', ')} FROM ${base}${joins.join('')}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''})`,
    );
  };

  aggregateGroups('totals', 'grouped', source, source, (operand) =>
    plan.havings.map((h) => `${operand(h.aggregate)} ${COMPARISON_SQL[h.op]} ${value(h.value)}`),
  );
  const rankOrder = plan.orders
    .map((o) => `${id(o.by === 'group' ? `g${o.index}` : `a${o.index}`)} ${o.descending ? 'DESC' : 'ASC'} NULLS LAST`)
    .join(', ');
  ctes.push(
    `${id('totals')} AS (SELECT * FROM ${id('grouped')}${rankOrder ? ` ORDER BY ${rankOrder}` : ''} LIMIT ${value(plan.limit)})`,
  );
  const sameGroup = groupAliases.map((g) => dialect.nullSafeEqual(`${source}.${g}`, `${id('totals')}.${g}`));
  const topGroups = `${source} JOIN ${id('totals')} ON ${sameGroup.length > 0 ? sameGroup.join(' AND ') : 'TRUE'}`;
  if (runningMeasures.length > 0) {
    // The series' percentiles are taken over the top groups' rows only.
    ctes.push(`${id('top_rows')} AS (SELECT ${source}.* FROM ${topGroups})`);
    aggregateGroups('series', 'series', id('top_rows'), id('top_rows'), () => []);
  } else {
    aggregateGroups('series', 'series', source, topGroups, () => []);
  }

  // Series rows carry their group's values; the reader matches them to the totals.
  const outputs = (part: number, bucket: string, bounds: string[]) =>
    [`${part} AS ${id('part')}`, `${bucket} AS ${id('bucket')}`, ...groupAliases, ...outputAggregates, ...bounds].join(', ');
  const sql =
    `WITH ${ctes.join(', ')} ` +
    `SELECT ${outputs(TOTALS_PART, 'NULL', bounds)} FROM ${id('totals')}${heatmapMeasures.length > 0 ? ` CROSS JOIN ${id('bounds')}` : ''} ` +
    `UNION ALL SELECT ${outputs(SERIES_PART, id('bucket'), bounds.map(() => 'NULL'))} FROM ${id('series')} ` +
    `ORDER BY ${[id('part'), ...(rankOrder ? [rankOrder] : []), id('bucket')].join(', ')}`;
  return { sql, params };
}
