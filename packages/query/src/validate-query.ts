// Checks a QuerySpec against the fields of the datasets it reads and resolves everything
// the compiler needs: the fields behind each name, typed filter values, the time range
// and the bucket size. Every problem becomes a QueryError naming the part of the spec.
import type { z } from 'zod';
import { QuerySpecSchema, PERCENTILES, type CalculationOp, type FilterOp, type HavingOp, type QuerySpec } from './query-spec.ts';
import { COLUMNLESS_OPS } from './clauses/clause-ops.ts';
import { QueryError } from './query-error.ts';
import { issuePath, issueSentence } from './issue-sentence.ts';
import { closestName } from './did-you-mean.ts';
import { resolveQueryTime, type QueryTime } from './query-time.ts';
import type { FieldInfo, QueryTarget } from './dataset-schema.ts';
import { derivedFieldsOf } from './derived/derived-fields.ts';
import { validatePerQuery, type ValidPer } from './per/validate-per.ts';
import { checkRelationalPlaces, relationalField, traceScopeOf, type TraceScope } from './relational/relational-fields.ts';
import { checkTraceResults } from './relational/trace-results.ts';
import { checkStructurePlaces, validateStructure, type ValidStructure } from './relational/structure.ts';

export type FilterValue = string | number | boolean;

export interface ValidCalculation {
  op: CalculationOp;
  /** The measured field; for CONCURRENCY the span duration. */
  field?: FieldInfo;
  /** The result key: `COUNT`, `P99(duration_ms)`. */
  name: string;
}

export interface ValidFilter {
  field: FieldInfo;
  op: FilterOp;
  /** Values converted to the field's type: none, one, or the members of an `in` list. */
  values: FilterValue[];
}

export type ValidOrder = { by: 'breakdown'; index: number; descending: boolean } | { by: 'calculation'; index: number; descending: boolean };

export interface ValidHaving {
  calculation: number;
  op: HavingOp;
  value: number;
}

export interface ValidQuery extends QueryTime {
  calculations: ValidCalculation[];
  filters: ValidFilter[];
  filterCombination: 'AND' | 'OR';
  breakdowns: FieldInfo[];
  orders: ValidOrder[];
  havings: ValidHaving[];
  limit: number;
  /** Set when the spec aggregates per entity first: the rest of the query reads the rows it makes. */
  per?: ValidPer;
  /** The confidence level of the intervals asked for, if any. */
  confidence?: number;
  /** Where relational fields find each event's trace; set when the query has any, or asks for traces. */
  traces?: TraceScope;
  /** The query answers with traces (`results: traces`). */
  traceResults?: boolean;
  /** Structural conditions (`has`). */
  structure?: ValidStructure[];
}

/** The dataset name that queries every dataset of an environment at once. */
export const ALL_DATASETS = '__all__';
export const DEFAULT_LIMIT = 100;
/** The field CONCURRENCY reads: how long each span was in progress. */
export const DURATION_FIELD = 'duration_ms';

const ANY_TYPE_OPS: ReadonlySet<CalculationOp> = new Set(['COUNT_DISTINCT']);
/** Calculations whose totals are not a single number, so nothing can be ranked by them. */
export const UNRANKABLE_OPS: ReadonlySet<CalculationOp> = new Set(['HEATMAP', 'RATE_AVG', 'RATE_SUM', 'RATE_MAX']);
const STRING_OPS: ReadonlySet<FilterOp> = new Set(['starts-with', 'does-not-start-with', 'ends-with', 'does-not-end-with', 'contains', 'does-not-contain']);
const RANGE_OPS: ReadonlySet<FilterOp> = new Set(['>', '>=', '<', '<=']);

export function calculationName(op: CalculationOp, column?: string): string {
  return column === undefined ? op : `${op}(${column})`;
}

export function isPercentile(op: CalculationOp): op is keyof typeof PERCENTILES {
  return op in PERCENTILES;
}

function isNumeric(field: FieldInfo): boolean {
  return field.type === 'integer' || field.type === 'float';
}

/**
 * Keys of Honeycomb's public query specification that we do not support yet, with why:
 * at the top, and (`calculations[].<key>`) within each calculation.
 */
const UNSUPPORTED_KEYS: Record<string, string> = {
  compare_time_offset_seconds: 'comparing with an earlier time range is not supported yet',
  formulas: "formulas over calculations (Honeycomb's Metrics beta) are not supported yet",
  'calculations[].name': "named calculations (Honeycomb's Metrics beta) are not supported yet",
  'calculations[].filters': "filters per calculation (Honeycomb's Metrics beta) are not supported yet",
  'calculations[].filter_combination': "filters per calculation (Honeycomb's Metrics beta) are not supported yet",
};

/**
 * Turns the first zod issue into a QueryError at the same path, whose message is a
 * sentence naming the field; an unknown key, at any depth, is named in the path.
 */
function shapeError(error: z.ZodError): QueryError {
  const issue = error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const path = issuePath([...issue.path, key]);
    const at = issue.path.length === 0 ? key : issue.path.length === 2 && issue.path[0] === 'calculations' ? `calculations[].${key}` : undefined;
    const reason = at === undefined ? undefined : UNSUPPORTED_KEYS[at];
    if (reason) return new QueryError(path, reason);
    const detail = 'is not part of the query specification this server supports';
    return new QueryError(path, detail, `${path} ${detail}`);
  }
  const sentence = issueSentence(issue, 'the query');
  const path = issuePath(issue.path);
  return new QueryError(path, path ? sentence.slice(path.length + 1) : sentence, sentence);
}

/** `scope` says where a column was looked for, in the error that names one missing (by default: the dataset). */
export function validateQuery(input: unknown, target: QueryTarget, options: { dataset: string; now?: Date; scope?: string }): ValidQuery {
  const parsed = QuerySpecSchema.safeParse(input ?? {});
  if (!parsed.success) throw shapeError(parsed.error);
  const spec = parsed.data;
  if (spec.per) return validatePerQuery(spec, target, options);

  const derived = derivedFieldsOf(target, spec.calculated_fields);
  const relational = checkRelationalPlaces(spec, target) || checkTraceResults(spec) || checkStructurePlaces(spec);
  const lookup = (path: string, name: string): FieldInfo => {
    const field = target.fields.get(name) ?? derived(path, name) ?? relationalField(target, name, path);
    if (field) return field;
    const suggestion = closestName(name, [...target.fields.keys(), ...(target.derived?.keys() ?? []), ...spec.calculated_fields.map((f) => f.name)]);
    throw new QueryError(
      path,
      `no column ${JSON.stringify(name)} ${options.scope ?? (options.dataset === ALL_DATASETS ? 'in any dataset' : `in dataset ${JSON.stringify(options.dataset)}`)}` +
        (suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ''),
    );
  };

  const calculations = validateCalculations(spec, lookup);
  const breakdowns = spec.breakdowns.map((name, i) => {
    if (spec.breakdowns.indexOf(name) !== i) {
      throw new QueryError(`breakdowns[${i}]`, `repeats breakdowns[${spec.breakdowns.indexOf(name)}] (${JSON.stringify(name)})`);
    }
    return lookup(`breakdowns[${i}]`, name);
  });
  const filters = spec.filters.map((filter, i) => validateFilter(filter, `filters[${i}]`, lookup));

  const findCalculation = (path: string, op: CalculationOp, column: string | undefined): number => {
    const name = calculationName(op, column);
    const index = calculations.findIndex((c) => c.name === name);
    if (index < 0) throw new QueryError(path, `${name} is not one of the query's calculations`);
    if (UNRANKABLE_OPS.has(op)) throw new QueryError(path, `results cannot be ranked or filtered by ${op}`);
    return index;
  };

  const orders: ValidOrder[] = spec.orders.map((order, i) => {
    const descending = order.order === 'descending';
    if (order.op !== undefined) {
      return { by: 'calculation', index: findCalculation(`orders[${i}]`, order.op, order.column), descending };
    }
    if (order.column === undefined) throw new QueryError(`orders[${i}]`, 'needs a column (a breakdown) or an op (a calculation)');
    const index = spec.breakdowns.indexOf(order.column);
    if (index < 0) throw new QueryError(`orders[${i}].column`, `${JSON.stringify(order.column)} is not one of the query's breakdowns`);
    return { by: 'breakdown', index, descending };
  });

  const havings = spec.havings.map((having, i) => ({
    calculation: findCalculation(`havings[${i}]`, having.calculate_op, having.column),
    op: having.op,
    value: having.value,
  }));

  const { startUs, endUs, granularitySeconds } = resolveQueryTime(spec, options.now ?? new Date());

  return {
    calculations,
    filters,
    filterCombination: spec.filter_combination,
    breakdowns,
    orders,
    havings,
    limit: spec.limit ?? DEFAULT_LIMIT,
    ...(spec.confidence !== undefined ? { confidence: spec.confidence } : {}),
    ...(relational ? { traces: traceScopeOf(target, options.dataset) } : {}),
    ...(spec.results === 'traces' ? { traceResults: true } : {}),
    ...(spec.has.length > 0 ? { structure: validateStructure(spec.has, target, options.dataset) } : {}),
    startUs,
    endUs,
    granularitySeconds,
  };
}

function validateCalculations(spec: QuerySpec, lookup: (path: string, name: string) => FieldInfo): ValidCalculation[] {
  const requested = spec.calculations.length > 0 ? spec.calculations : [{ op: 'COUNT' as const }];
  const names: string[] = [];
  return requested.map((calculation, i) => {
    const path = `calculations[${i}]`;
    const { op, column } = calculation;
    let field: FieldInfo | undefined;
    if (COLUMNLESS_OPS.has(op)) {
      if (column !== undefined) throw new QueryError(`${path}.column`, `${op} takes no column`);
      if (op === 'CONCURRENCY') {
        field = lookup(path, DURATION_FIELD);
        if (!isNumeric(field)) throw new QueryError(path, `CONCURRENCY needs a numeric ${DURATION_FIELD} field`);
      }
    } else {
      if (column === undefined) throw new QueryError(`${path}.column`, `${op} needs a column`);
      field = lookup(`${path}.column`, column);
      if (!ANY_TYPE_OPS.has(op) && !isNumeric(field)) {
        throw new QueryError(`${path}.column`, `${op} needs a numeric column, but ${JSON.stringify(column)} is ${field.type}`);
      }
    }
    const name = calculationName(op, column);
    const earlier = names.indexOf(name);
    if (earlier >= 0) throw new QueryError(path, `repeats calculations[${earlier}] (${name})`);
    names.push(name);
    return { op, field, name };
  });
}

export function validateFilter(filter: QuerySpec['filters'][number], path: string, lookup: (path: string, name: string) => FieldInfo): ValidFilter {
  const field = lookup(`${path}.column`, filter.column);
  const { op, value } = filter;
  if (op === 'exists' || op === 'does-not-exist') {
    if (value !== undefined) throw new QueryError(`${path}.value`, `${op} takes no value`);
    return { field, op, values: [] };
  }
  if (value === undefined) throw new QueryError(`${path}.value`, `${op} needs a value`);
  if (STRING_OPS.has(op) && field.type !== 'string') {
    throw new QueryError(`${path}.op`, `${op} needs a string column, but ${JSON.stringify(field.name)} is ${field.type}`);
  }
  if (RANGE_OPS.has(op) && field.type === 'boolean') {
    throw new QueryError(`${path}.op`, `${op} cannot compare booleans (${JSON.stringify(field.name)})`);
  }
  if (op === 'in' || op === 'not-in') {
    if (!Array.isArray(value) || value.length === 0) throw new QueryError(`${path}.value`, `${op} needs a non-empty list of values`);
    return { field, op, values: value.map((v, i) => coerceValue(v, field, `${path}.value[${i}]`)) };
  }
  if (Array.isArray(value)) throw new QueryError(`${path}.value`, `${op} takes one value, not a list`);
  return { field, op, values: [coerceValue(value, field, `${path}.value`)] };
}

/** Filter values typed as the field is, accepting the text a command line gives. */
function coerceValue(value: FilterValue, field: FieldInfo, path: string): FilterValue {
  const expected = (what: string) => new QueryError(path, `${JSON.stringify(value)} is not ${what}, as ${JSON.stringify(field.name)} is ${field.type}`);
  switch (field.type) {
    case 'string':
      if (typeof value === 'boolean') throw expected('a string');
      return String(value);
    case 'integer':
    case 'float': {
      const named = typeof value === 'string' && field.namedValues && Object.hasOwn(field.namedValues, value) ? field.namedValues[value] : undefined;
      if (named !== undefined) return named;
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw expected('a number');
      return number;
    }
    case 'boolean':
      if (value === 'true' || value === true) return true;
      if (value === 'false' || value === false) return false;
      throw expected('true or false');
  }
}
