import { describe, expect, test } from 'vitest';
import { validateQuery } from './validate-query.ts';
import { QueryError } from './query-error.ts';
import type { FieldInfo, QueryTarget } from './dataset-schema.ts';

const fields: FieldInfo[] = [
  { name: 'duration_ms', type: 'float', column: 'f0' },
  { name: 'http.route', type: 'string', column: 'f1' },
  { name: 'http.status_code', type: 'integer', column: 'f2' },
  { name: 'error', type: 'boolean', column: 'f3' },
  { name: 'user.id', type: 'string', column: 'f4' },
];
const target: QueryTarget = {
  tables: [{ dataset: 'api', table: 'ds_1', columns: new Set(['f0', 'f1', 'f2', 'f3', 'f4']) }],
  fields: new Map(fields.map((f) => [f.name, f])),
};
const now = new Date('2026-01-01T12:00:00Z');
const nowSeconds = now.getTime() / 1000;

function errorOf(spec: unknown): QueryError {
  try {
    validateQuery(spec, target, { dataset: 'api', now });
  } catch (error) {
    expect(error).toBeInstanceOf(QueryError);
    return error as QueryError;
  }
  throw new Error('the spec was accepted');
}

describe('validateQuery rejects a bad spec with the part at fault', () => {
  test.each([
    [
      { calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duraton_ms' }] },
      'calculations[1].column',
      'calculations[1].column: no column "duraton_ms" in dataset "api"; did you mean "duration_ms"?',
    ],
    [
      { calculations: [{ op: 'SUM', column: 'nothing.like.it' }] },
      'calculations[0].column',
      'calculations[0].column: no column "nothing.like.it" in dataset "api"',
    ],
    [{ calculations: [{ op: 'P42', column: 'duration_ms' }] }, 'calculations[0].op', undefined],
    [
      { calculations: [{ op: 'AVG', column: 'http.route' }] },
      'calculations[0].column',
      'calculations[0].column: AVG needs a numeric column, but "http.route" is string',
    ],
    [{ calculations: [{ op: 'SUM' }] }, 'calculations[0].column', 'calculations[0].column: SUM needs a column'],
    [{ calculations: [{ op: 'COUNT', column: 'duration_ms' }] }, 'calculations[0].column', 'calculations[0].column: COUNT takes no column'],
    [
      {
        calculations: [
          { op: 'MAX', column: 'duration_ms' },
          { op: 'MAX', column: 'duration_ms' },
        ],
      },
      'calculations[1]',
      'calculations[1]: repeats calculations[0] (MAX(duration_ms))',
    ],
    [
      { filters: [{ column: 'http.status_code', op: 'contains', value: '5' }] },
      'filters[0].op',
      'filters[0].op: contains needs a string column, but "http.status_code" is integer',
    ],
    [
      { filters: [{ column: 'http.status_code', op: '>=', value: 'five hundred' }] },
      'filters[0].value',
      'filters[0].value: "five hundred" is not a number, as "http.status_code" is integer',
    ],
    [{ filters: [{ column: 'error', op: '>', value: true }] }, 'filters[0].op', 'filters[0].op: > cannot compare booleans ("error")'],
    [{ filters: [{ column: 'error', op: 'exists', value: true }] }, 'filters[0].value', 'filters[0].value: exists takes no value'],
    [{ filters: [{ column: 'error', op: '=' }] }, 'filters[0].value', 'filters[0].value: = needs a value'],
    [{ filters: [{ column: 'http.route', op: 'in', value: [] }] }, 'filters[0].value', 'filters[0].value: in needs a non-empty list of values'],
    [{ filters: [{ column: 'http.route', op: '=', value: ['/a', '/b'] }] }, 'filters[0].value', 'filters[0].value: = takes one value, not a list'],
    [
      { filters: [{ column: 'http.rout', op: 'exists' }] },
      'filters[0].column',
      'filters[0].column: no column "http.rout" in dataset "api"; did you mean "http.route"?',
    ],
    [
      { filters: [{ column: 'http.route', op: 'like', value: '/a' }] },
      'filters[0].op',
      'filters[0].op must be one of "=", "!=", ">", ">=", "<", "<=", "starts-with", "does-not-start-with", "ends-with", "does-not-end-with", "contains", "does-not-contain", "exists", "does-not-exist", "in", "not-in"',
    ],
    [{ breakdowns: ['http.route', 'http.route'] }, 'breakdowns[1]', 'breakdowns[1]: repeats breakdowns[0] ("http.route")'],
    [
      { breakdowns: ['user.id'], orders: [{ column: 'http.route' }] },
      'orders[0].column',
      'orders[0].column: "http.route" is not one of the query\'s breakdowns',
    ],
    [
      { orders: [{ op: 'P99', column: 'duration_ms', order: 'descending' }] },
      'orders[0]',
      "orders[0]: P99(duration_ms) is not one of the query's calculations",
    ],
    [
      { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], orders: [{ op: 'HEATMAP', column: 'duration_ms' }] },
      'orders[0]',
      'orders[0]: results cannot be ranked or filtered by HEATMAP',
    ],
    [
      { havings: [{ calculate_op: 'AVG', column: 'duration_ms', op: '>', value: 3 }] },
      'havings[0]',
      "havings[0]: AVG(duration_ms) is not one of the query's calculations",
    ],
    [{ limit: 10_001 }, 'limit', 'limit must be at most 10000'],
    [{ breakdowns: Array.from({ length: 101 }, (_, i) => `f${i}`) }, 'breakdowns', 'breakdowns must have at most 100 items'],
    [
      { calculated_fields: [{ name: 'slow', expression: 'GT($duration_ms, 100, 3)' }] },
      'calculated_fields[0].expression',
      'calculated_fields[0].expression: GT expects 2 arguments, got 3 (GT(a, b)) at 1:1',
    ],
    [
      { compare_time_offset_seconds: 86400 },
      'compare_time_offset_seconds',
      'compare_time_offset_seconds: comparing with an earlier time range is not supported yet',
    ],
    [{ usage_mode: true }, 'usage_mode', 'usage_mode is not part of the query specification this server supports'],
    [
      { formulas: [{ name: 'ratio', expression: 'DIV($a, $b)' }] },
      'formulas',
      "formulas: formulas over calculations (Honeycomb's Metrics beta) are not supported yet",
    ],
    [
      { calculations: [{ op: 'COUNT', name: 'n' }] },
      'calculations[0].name',
      "calculations[0].name: named calculations (Honeycomb's Metrics beta) are not supported yet",
    ],
    [
      { calculations: [{ op: 'COUNT' }, { op: 'COUNT', filters: [] }] },
      'calculations[1].filters',
      "calculations[1].filters: filters per calculation (Honeycomb's Metrics beta) are not supported yet",
    ],
    [
      { orders: [{ op: 'COUNT', order: 'descending', name: 'n' }] },
      'orders[0].name',
      'orders[0].name is not part of the query specification this server supports',
    ],
    [
      { filters: [{ column: 'http.route', op: '=', value: '/', value_string: '/' }] },
      'filters[0].value_string',
      'filters[0].value_string is not part of the query specification this server supports',
    ],
    [
      { filters: [{ column: 'duration_ms', op: 'ends-with', value: '5' }] },
      'filters[0].op',
      'filters[0].op: ends-with needs a string column, but "duration_ms" is float',
    ],
    [{ start_time: Date.now(), end_time: Date.now() + 60_000 }, 'start_time', 'start_time must be in unix seconds (this looks like milliseconds)'],
    [{ start_time: 2000, end_time: 1000 }, 'end_time', 'end_time: the time range ends (1000) before it starts (2000)'],
    [{ start_time: 1000, end_time: 2000, time_range: 60 }, 'time_range', 'time_range: 60s contradicts start_time and end_time, which are 1000s apart'],
    [{ time_range: 86400, granularity: 10 }, 'granularity', 'granularity: 10s makes 8640 buckets over the 86400s time range; at most 1000 are allowed'],
    [{ time_range: 60, granularity: 120 }, 'granularity', 'granularity: 120s is longer than the 60s time range'],
  ])('%j → %s', (spec, path, message) => {
    const error = errorOf(spec);
    expect(error.path).toBe(path);
    if (message) expect(error.message).toBe(message);
    else expect(error.message).toMatch(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')} must be one of `));
  });

  test('over every dataset, a missing column is missing from all of them', () => {
    expect(() => validateQuery({ breakdowns: ['nope'] }, target, { dataset: '__all__', now })).toThrow('breakdowns[0]: no column "nope" in any dataset');
  });

  test('a spec that is not an object', () => {
    expect(errorOf('COUNT').message).toMatch(/object/);
  });
});

describe('validateQuery resolves what the compiler needs', () => {
  test('defaults: COUNT over the last two hours in round buckets of at most 100, limit 100', () => {
    const query = validateQuery({}, target, { dataset: 'api', now });
    expect(query.calculations).toEqual([{ op: 'COUNT', field: undefined, name: 'COUNT' }]);
    expect(query.endUs).toBe(nowSeconds * 1e6);
    expect(query.startUs).toBe((nowSeconds - 7200) * 1e6);
    expect(query.granularitySeconds).toBe(120);
    expect(query.limit).toBe(100);
  });

  test('names calculations as Honeycomb does and reads CONCURRENCY from duration_ms', () => {
    const query = validateQuery(
      { calculations: [{ op: 'P99', column: 'duration_ms' }, { op: 'COUNT_DISTINCT', column: 'user.id' }, { op: 'CONCURRENCY' }] },
      target,
      { dataset: 'api', now },
    );
    expect(query.calculations.map((c) => c.name)).toEqual(['P99(duration_ms)', 'COUNT_DISTINCT(user.id)', 'CONCURRENCY']);
    expect(query.calculations[2].field?.column).toBe('f0');
  });

  test('types the text a command line gives', () => {
    const query = validateQuery(
      {
        filters: [
          { column: 'http.status_code', op: '>=', value: '500' },
          { column: 'error', op: '=', value: 'true' },
          { column: 'http.route', op: 'in', value: ['/a', 7] },
        ],
      },
      target,
      { dataset: 'api', now },
    );
    expect(query.filters.map((f) => f.values)).toEqual([[500], [true], ['/a', '7']]);
  });

  test('reads a name a number field gives its values as that number, and nothing else as one', () => {
    const status: FieldInfo = { name: 'status_code', type: 'integer', column: 'f5', namedValues: { unset: 0, ok: 1, error: 2 } };
    const named: QueryTarget = { tables: target.tables, fields: new Map([...target.fields, ['status_code', status]]) };
    const query = validateQuery({ filters: [{ column: 'status_code', op: 'in', value: ['error', 'ok', 0] }] }, named, { dataset: 'api', now });
    expect(query.filters[0].values).toEqual([2, 1, 0]);
    for (const value of ['toString', 'ERROR']) {
      expect(() => validateQuery({ filters: [{ column: 'status_code', op: '=', value }] }, named, { dataset: 'api', now })).toThrow('is not a number');
    }
  });

  test.each([
    [60, 1],
    [3600, 60],
    [86400, 900],
    [7 * 86400, 7200],
    [90 * 86400, 86400],
    [450 * 86400, 5 * 86400],
  ])('a %ss range gets %ss buckets', (range, granularity) => {
    expect(validateQuery({ time_range: range }, target, { dataset: 'api', now }).granularitySeconds).toBe(granularity);
  });

  test('time_range counts forward from start_time and back from end_time', () => {
    expect(validateQuery({ start_time: 1000, time_range: 600 }, target, { dataset: 'api', now })).toMatchObject({ startUs: 1000e6, endUs: 1600e6 });
    expect(validateQuery({ end_time: 1000, time_range: 600 }, target, { dataset: 'api', now })).toMatchObject({ startUs: 400e6, endUs: 1000e6 });
    // As Honeycomb reads it: a start alone covers the default two hours from there.
    expect(validateQuery({ start_time: 1000 }, target, { dataset: 'api', now })).toMatchObject({ startUs: 1000e6, endUs: 8200e6 });
  });
});
