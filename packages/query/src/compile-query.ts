// Compiles a QuerySpec into one SQL statement for a dialect. The statement answers both
// halves of a result: the totals per group (ranked, filtered by havings, limited) and the
// time series of those same groups.
//
//   scan    one SELECT per table (a column a table lacks reads as NULL), UNION ALL
//   bounds  the measured range of each heatmap column
//   ranked  running weights for the totals' percentiles, the heatmap bucket of each row
//   grouped totals per group, havings applied; totals ranks and limits them
//   top_rows the rows of the groups in totals, with running weights per time bucket
//   series  per time bucket, only for the groups in totals
//
// Rows come back as part 0 (totals, in rank order) then part 1 (series). Every value is a
// parameter; every identifier a generated physical name through the dialect's quoting.
// Ranking needs no window function and groups meet through one hook, so engines without
// window functions need only their own percentile hook.
import type { QueryTarget, DatasetTable } from './dataset-schema.ts';
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN } from './dataset-schema.ts';
import type { Dialect, SqlValue } from './dialect.ts';
import type { CalculationOp } from './query-spec.ts';
import { QueryError } from './query-error.ts';
import { validateQuery } from './validate-query.ts';
import { planQuery, type AggregateNode, type QueryPlan } from './query-plan.ts';
import { COMPARISON_SQL, predicateSql } from './predicate-sql.ts';

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

/** Row kinds in the compiled statement's output. */
export const TOTALS_PART = 0;
export const SERIES_PART = 1;

/**
 * Validates a spec against its target and compiles it.
 *
 * @example
 * compileQuery({ calculations: [{ op: 'COUNT' }], breakdowns: ['http.route'], time_range: 3600 }, target, duckDbDialect, { dataset: 'api' })
 * // → { sql: 'WITH "scan" AS (SELECT $1 + floor((epoch_us("ts") - $2) / $3) * $4 AS "bucket", ...', params: [...], layout }
 */
export function compileQuery(
  spec: unknown,
  target: QueryTarget,
  dialect: Dialect,
  options: { dataset: string; now?: Date },
): CompiledQuery {
  if (target.tables.length === 0) throw new QueryError('', `dataset ${JSON.stringify(options.dataset)} has no events yet`);
  const query = validateQuery(spec, target, options);
  const plan = planQuery(query, target.tables);
  return {
    ...compilePlan(plan, dialect),
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

  const scanTable = (table: DatasetTable): string => {
    const column = (physical: string) => (table.columns.has(physical) ? id(physical) : 'NULL');
    const ts = id(TIMESTAMP_COLUMN);
    const origin = () => value(plan.bucketOriginUs);
    const bucketUs = () => value(plan.bucketUs);
    const select = [
      `${origin()} + floor((${dialect.epochMicros(ts)} - ${origin()}) / ${bucketUs()}) * ${bucketUs()} AS ${id('bucket')}`,
      `coalesce(${id(SAMPLE_RATE_COLUMN)}, 1) AS ${weight}`,
      ...plan.groups.map((g, i) => `${column(g)} AS ${groupAliases[i]}`),
      ...plan.measures.map((m, i) => `${column(m)} AS ${measure(i)}`),
    ];
    const where = [
      `${ts} >= ${dialect.timestampFromMicros(value(plan.startUs))}`,
      `${ts} < ${dialect.timestampFromMicros(value(plan.endUs))}`,
      ...(plan.filter ? [predicateSql(plan.filter, column, dialect, value)] : []),
    ];
    return `SELECT ${select.join(', ')} FROM ${id(table.table)} WHERE ${where.join(' AND ')}`;
  };

  const partitionKeys = (part: Part) => (part === 'totals' ? groupAliases : [id('bucket'), ...groupAliases]);
  const running = (part: Part, m: number) => ({
    cumulative: id(`cum_${part}${m}`),
    total: id(`total_${part}${m}`),
  });

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
        // Little's law: weighted time in progress (ms) over the period's length (ms).
        const periodMs = ((part === 'totals' ? plan.endUs - plan.startUs : plan.bucketUs) / 1000);
        return [`coalesce(sum(${weight} * ${measure(node.measure)}), 0) / ${value(periodMs)}`];
      }
      // Weighted, not interpolated: the smallest value whose cumulative sample-rate weight,
      // in ascending order, reaches the fraction of the group's total weight.
      case 'percentile':
        return [
          dialect.weightedPercentile(
            measure(node.measure),
            weight,
            value(node.fraction),
            dialect.percentileFromRunningWeight ? running(part, node.measure) : undefined,
          ),
        ];
      case 'heatmap':
        return Array.from({ length: node.buckets }, (_, k) =>
          `coalesce(${dialect.filteredAggregate('sum', weight, `${id(`bin${node.measure}`)} = ${k}`)}, 0)`,
        );
    }
  };
  const aggregateColumns = (part: Part) =>
    plan.aggregates.flatMap((node, i) =>
      aggregate(node, part).map((sql, k) => `${sql} AS ${id(node.kind === 'heatmap' ? `a${i}_${k}` : `a${i}`)}`),
    );
  const outputAggregates = plan.aggregates.flatMap((node, i) =>
    node.kind === 'heatmap' ? Array.from({ length: node.buckets }, (_, k) => id(`a${i}_${k}`)) : [id(`a${i}`)],
  );
  const bounds = heatmapMeasures.flatMap((m) => [id(`lo${m}`), id(`hi${m}`)]);

  const ctes: string[] = [`${id('scan')} AS (${plan.tables.map(scanTable).join(' UNION ALL ')})`];
  if (heatmapMeasures.length > 0) {
    const ranges = heatmapMeasures.map((m) => `min(${measure(m)}) AS ${id(`lo${m}`)}, max(${measure(m)}) AS ${id(`hi${m}`)}`);
    ctes.push(`${id('bounds')} AS (SELECT ${ranges.join(', ')} FROM ${id('scan')})`);
  }
  // Running weights per measure, partitioned as the part groups; `qualify` names the
  // relation of the partition keys where a join makes them ambiguous.
  const runningWeights = (part: Part, qualify = '') =>
    runningMeasures.flatMap((m) => {
      const keys = partitionKeys(part).map((key) => qualify + key);
      const partition = keys.length > 0 ? `PARTITION BY ${keys.join(', ')}` : '';
      const measured = `sum(CASE WHEN ${measure(m)} IS NOT NULL THEN ${weight} END)`;
      return [
        `${measured} OVER (${[partition, `ORDER BY ${measure(m)} ROWS UNBOUNDED PRECEDING`].filter(Boolean).join(' ')}) AS ${running(part, m).cumulative}`,
        `${measured} OVER (${partition}) AS ${running(part, m).total}`,
      ];
    });

  let source = id('scan');
  if (heatmapMeasures.length > 0 || runningMeasures.length > 0) {
    const extra = [
      ...runningWeights('totals'),
      ...heatmapMeasures.map(
        (m) => `${dialect.histogramBucket(measure(m), id(`lo${m}`), id(`hi${m}`), heatmapBuckets(m))} AS ${id(`bin${m}`)}`,
      ),
    ];
    const from = heatmapMeasures.length > 0 ? `${id('scan')} CROSS JOIN ${id('bounds')}` : id('scan');
    ctes.push(`${id('ranked')} AS (SELECT ${id('scan')}.*, ${extra.join(', ')} FROM ${from})`);
    source = id('ranked');
  }

  const aggregateSql = (index: number) => aggregate(plan.aggregates[index], 'totals')[0];
  const having = plan.havings.map((h) => `${aggregateSql(h.aggregate)} ${COMPARISON_SQL[h.op]} ${value(h.value)}`);
  ctes.push(
    `${id('grouped')} AS (SELECT ${[...groupAliases, ...aggregateColumns('totals')].join(', ')} FROM ${source}` +
      (groupAliases.length > 0 ? ` GROUP BY ${groupAliases.join(', ')}` : '') +
      (having.length > 0 ? ` HAVING ${having.join(' AND ')}` : '') +
      ')',
  );
  const rankOrder = plan.orders
    .map((o) => `${id(o.by === 'group' ? `g${o.index}` : `a${o.index}`)} ${o.descending ? 'DESC' : 'ASC'} NULLS LAST`)
    .join(', ');
  ctes.push(
    `${id('totals')} AS (SELECT * FROM ${id('grouped')}${rankOrder ? ` ORDER BY ${rankOrder}` : ''} LIMIT ${value(plan.limit)})`,
  );
  const sameGroup = groupAliases.map((g) => dialect.nullSafeEqual(`${source}.${g}`, `${id('totals')}.${g}`));
  const topGroups = `JOIN ${id('totals')} ON ${sameGroup.length > 0 ? sameGroup.join(' AND ') : 'TRUE'}`;
  // The series' running weights are taken over the top groups' rows only, after the join.
  let seriesFrom = `${source} ${topGroups}`;
  let seriesSource = source;
  if (runningMeasures.length > 0) {
    ctes.push(`${id('top_rows')} AS (SELECT ${source}.*, ${runningWeights('series', `${source}.`).join(', ')} FROM ${seriesFrom})`);
    seriesFrom = seriesSource = id('top_rows');
  }
  const seriesKeys = [`${seriesSource}.${id('bucket')}`, ...groupAliases.map((g) => `${seriesSource}.${g}`)];
  ctes.push(
    `${id('series')} AS (SELECT ${[...seriesKeys.map((key, i) => `${key} AS ${i === 0 ? id('bucket') : groupAliases[i - 1]}`), ...aggregateColumns('series')].join(', ')} ` +
      `FROM ${seriesFrom} GROUP BY ${seriesKeys.join(', ')})`,
  );

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
