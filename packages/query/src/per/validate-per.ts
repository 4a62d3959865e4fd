// Per-entity aggregation (`per`): the block is checked as a query of its own over the
// events (its breakdowns make an entity, its named calculations the entity's columns), and
// the rest of the spec against the rows it makes, one per entity, whose only columns are
// the per breakdowns and the named calculations.
import type { DatasetTable, FieldInfo, FieldType, QueryTarget } from '../dataset-schema.ts';
import { QueryError } from '../query-error.ts';
import { PERCENTILES, type CalculationOp, type QuerySpec } from '../query-spec.ts';
import { validateQuery, type ValidCalculation, type ValidQuery } from '../validate-query.ts';

export interface ValidPer {
  /** The block as a query over the events: its breakdowns and (unnamed) calculations. */
  query: ValidQuery;
  /** The relation of per-entity rows the rest of the spec reads, with a column per breakdown, then per calculation. */
  table: DatasetTable;
}

/** Stands for the per-entity rows where a dataset table would be read (scan-sql.ts reads them instead). */
export const PER_ROWS = 'per_rows';

const NUMBERS: CalculationOp[] = ['SUM', 'AVG', 'MIN', 'MAX', ...(Object.keys(PERCENTILES) as CalculationOp[])];
/** Calculations that answer one number per entity. */
export const PER_OPS: ReadonlySet<CalculationOp> = new Set(['COUNT', 'COUNT_DISTINCT', ...NUMBERS]);
/**
 * Calculations over the per-entity rows: CONCURRENCY and rates are about time in progress
 * and change between buckets, which an entity placed at its first event does not have.
 */
export const OVER_PER_OPS: ReadonlySet<CalculationOp> = new Set([...PER_OPS, 'HEATMAP']);

/** Where a problem of the block's own query is, in the whole spec. */
const IN_BLOCK = /^(breakdowns|calculations|filters|filter_combination)\b/;

/** The type of an entity's column: a count is whole, a minimum or percentile is of the measured field's type. */
function columnType(calculation: ValidCalculation): FieldType {
  const { op, field } = calculation;
  if (op === 'COUNT' || op === 'COUNT_DISTINCT') return 'integer';
  if (op === 'SUM' || op === 'AVG') return 'float';
  return field!.type;
}

/** Validates a spec with a `per` block (already parsed): the block against `target`, the rest against the per-entity rows. */
export function validatePerQuery(spec: QuerySpec, target: QueryTarget, options: { dataset: string; now?: Date }): ValidQuery {
  const per = spec.per!;
  const now = options.now ?? new Date();
  const time = { time_range: spec.time_range, start_time: spec.start_time, end_time: spec.end_time, granularity: spec.granularity };

  const names = new Map<string, string>();
  per.breakdowns.forEach((name, i) => names.set(name, `per.breakdowns[${i}]`));
  per.calculations.forEach(({ op, name }, i) => {
    const path = `per.calculations[${i}]`;
    if (!PER_OPS.has(op))
      throw new QueryError(`${path}.op`, `${op} does not give one number per entity; a per calculation is one of ${[...PER_OPS].join(', ')}`);
    const earlier = names.get(name);
    if (earlier) throw new QueryError(`${path}.name`, `${JSON.stringify(name)} is already the name of ${earlier}; each per column needs its own name`);
    names.set(name, path);
  });

  let events: ValidQuery;
  try {
    events = validateQuery(
      {
        ...time,
        breakdowns: per.breakdowns,
        calculations: per.calculations.map(({ op, column }) => ({ op, column })),
        filters: per.filters,
        filter_combination: per.filter_combination,
        calculated_fields: spec.calculated_fields,
      },
      target,
      { ...options, now },
    );
  } catch (error) {
    if (!(error instanceof QueryError) || !IN_BLOCK.test(error.path)) throw error;
    throw new QueryError(`per.${error.path}`, error.detail);
  }
  // Entities are made of events; what a trace relates (root., any., has) is not carried into
  // the per-rows, so the two are refused together rather than read half.
  if (events.traces) throw new QueryError('per.filters', 'relational fields (root., parent., any., none.) cannot be used in a per block');
  if (spec.has.length > 0) throw new QueryError('has', 'structural conditions cannot be combined with a per block');
  if (spec.results === 'traces') throw new QueryError('results', 'a per query answers with per-entity rows, not traces');
  // Without per calculations the block's query counted, which no per column shows.
  const calculations = events.calculations.slice(0, per.calculations.length);

  const columns: FieldInfo[] = [
    ...events.breakdowns.map(({ name, type, namedValues }, i) => ({ name, type, column: `p${i}`, ...(namedValues ? { namedValues } : {}) })),
    ...calculations.map((calculation, j) => ({ name: per.calculations[j].name, type: columnType(calculation), column: `p${events.breakdowns.length + j}` })),
  ];
  const table: DatasetTable = { dataset: options.dataset, table: PER_ROWS, columns: new Set(columns.map((c) => c.column)) };

  spec.calculations.forEach(({ op }, i) => {
    if (!OVER_PER_OPS.has(op)) {
      throw new QueryError(`calculations[${i}].op`, `${op} cannot be taken over per-entity rows; use one of ${[...OVER_PER_OPS].join(', ')}`);
    }
  });
  const listed = columns.map((c) => JSON.stringify(c.name)).join(', ');
  const outer = validateQuery(
    { ...spec, per: undefined, calculated_fields: [] },
    { tables: [table], fields: new Map(columns.map((c) => [c.name, c])) },
    { ...options, now, scope: `among the per-entity columns (${listed})` },
  );
  return { ...outer, per: { query: { ...events, calculations }, table } };
}
