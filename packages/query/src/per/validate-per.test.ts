import { describe, expect, test } from 'vitest';
import { validateQuery } from '../validate-query.ts';
import { planQuery } from '../query-plan.ts';
import { QueryError } from '../query-error.ts';
import { API_TARGET } from '../test-fixtures/api-target.ts';

const now = new Date('2026-01-01T12:00:00Z');
const per = {
  breakdowns: ['http.route', 'http.status_code'],
  calculations: [
    { op: 'COUNT', name: 'calls' },
    { op: 'P50', column: 'duration_ms', name: 'p50' },
  ],
};
const validate = (spec: Record<string, unknown>) => validateQuery(spec, API_TARGET, { dataset: 'api', now });

function errorOf(spec: Record<string, unknown>): QueryError {
  try {
    validate(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(QueryError);
    return error as QueryError;
  }
  throw new Error('the spec was accepted');
}

describe('a per block', () => {
  test('makes the rows the rest of the spec reads: its breakdowns, then its named calculations', () => {
    const query = validate({
      per,
      calculations: [{ op: 'COUNT' }, { op: 'AVG', column: 'calls' }, { op: 'P95', column: 'p50' }],
      filters: [{ column: 'calls', op: '>', value: '3' }],
      breakdowns: ['http.status_code'],
      time_range: 3600,
    });
    expect(query.calculations.map((c) => c.name)).toEqual(['COUNT', 'AVG(calls)', 'P95(p50)']);
    expect(query.breakdowns).toEqual([{ name: 'http.status_code', type: 'integer', column: 'p1' }]);
    expect(query.filters[0]).toMatchObject({ field: { name: 'calls', type: 'integer', column: 'p2' }, values: [3] });
    expect(query.per!.query.breakdowns.map((f) => f.column)).toEqual(['f1', 'f2']);
    expect(query.per!.query.calculations.map((c) => c.op)).toEqual(['COUNT', 'P50']);
    expect([query.per!.query.startUs, query.per!.query.endUs]).toEqual([query.startUs, query.endUs]);

    const plan = planQuery(query, API_TARGET.tables);
    expect(plan.tables.map((t) => [t.table, [...t.columns]])).toEqual([['per_rows', ['p0', 'p1', 'p2', 'p3']]]);
    expect(plan.per!.events).toMatchObject({ groups: ['f1', 'f2'], measures: ['f0'], bucketUs: 1, bucketOriginUs: 0 });
    expect(plan.per!.events.tables).toEqual(API_TARGET.tables);
  });

  test('without calculations, its rows are the entities alone', () => {
    const query = validate({ per: { breakdowns: ['http.route'] } });
    expect(query.per!.query.calculations).toEqual([]);
    expect(query.calculations.map((c) => c.name)).toEqual(['COUNT']);
  });

  test.each([
    [
      { per, calculations: [{ op: 'AVG', column: 'duration_ms' }] },
      'calculations[0].column',
      'no column "duration_ms" among the per-entity columns ("http.route", "http.status_code", "calls", "p50")',
    ],
    [{ per, breakdowns: ['calss'] }, 'breakdowns[0]', 'did you mean "calls"?'],
    [
      { per, calculations: [{ op: 'CONCURRENCY' }] },
      'calculations[0].op',
      'CONCURRENCY cannot be taken over per-entity rows; use one of COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX',
    ],
    [{ per, calculations: [{ op: 'RATE_SUM', column: 'calls' }] }, 'calculations[0].op', 'RATE_SUM cannot be taken'],
    [
      { per: { ...per, calculations: [{ op: 'HEATMAP', column: 'duration_ms', name: 'h' }] } },
      'per.calculations[0].op',
      'HEATMAP does not give one number per entity',
    ],
    [
      { per: { ...per, calculations: [{ op: 'COUNT', name: 'http.route' }] } },
      'per.calculations[0].name',
      '"http.route" is already the name of per.breakdowns[0]',
    ],
    [
      {
        per: {
          ...per,
          calculations: [
            { op: 'COUNT', name: 'n' },
            { op: 'MAX', column: 'duration_ms', name: 'n' },
          ],
        },
      },
      'per.calculations[1].name',
      'already the name of per.calculations[0]',
    ],
    [{ per: { ...per, calculations: [{ op: 'COUNT' }] } }, 'per.calculations[0].name', ''],
    [
      { per: { ...per, calculations: [{ op: 'SUM', column: 'http.route', name: 's' }] } },
      'per.calculations[0].column',
      'SUM needs a numeric column, but "http.route" is string',
    ],
    [{ per: { ...per, breakdowns: ['user.id'] } }, 'per.breakdowns[0]', 'no column "user.id" in dataset "api"'],
    [{ per: { ...per, filters: [{ column: 'duration_ms', op: 'starts-with', value: 'x' }] } }, 'per.filters[0].op', 'starts-with needs a string column'],
    [{ per: { ...per, breakdowns: [] } }, 'per.breakdowns', ''],
    [{ per: { ...per, limit: 3 } }, 'per.limit', ''],
    [
      { per, calculated_fields: [{ name: 'fast', expression: 'LT($duration_ms, 10)' }], filters: [{ column: 'fast', op: '=', value: true }] },
      'filters[0].column',
      'among the per-entity columns',
    ],
  ])('%j is refused at %s', (spec, path, message) => {
    const error = errorOf(spec);
    expect(error.path).toBe(path);
    expect(error.message).toContain(message);
  });

  test('calculated fields are event columns: the block reads them', () => {
    const query = validate({
      per: { breakdowns: ['http.route', 'fast'], calculations: [{ op: 'COUNT', name: 'calls' }] },
      calculated_fields: [{ name: 'fast', expression: 'LT($duration_ms, 10)' }],
      breakdowns: ['fast'],
    });
    expect(query.per!.query.breakdowns[1]).toMatchObject({ name: 'fast', type: 'boolean' });
    expect(query.breakdowns[0]).toEqual({ name: 'fast', type: 'boolean', column: 'p1' });
  });
});
