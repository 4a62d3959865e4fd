import { expect, test } from 'vitest';
import { planQuery } from './query-plan.ts';
import { validateQuery } from './validate-query.ts';
import type { FieldInfo, QueryTarget } from './dataset-schema.ts';

const fields: FieldInfo[] = [
  { name: 'duration_ms', type: 'float', column: 'f0' },
  { name: 'http.route', type: 'string', column: 'f1' },
  { name: 'service.name', type: 'string', column: 'f2' },
];
const target: QueryTarget = {
  tables: [{ dataset: 'api', table: 'ds_1', columns: new Set(['f0', 'f1', 'f2']) }],
  fields: new Map(fields.map((f) => [f.name, f])),
};
const plan = (spec: unknown) => planQuery(validateQuery(spec, target, { dataset: 'api', now: new Date(7_200_000) }), target.tables);

test('names physical columns only, measures each column once, and is frozen', () => {
  const p = plan({
    calculations: [
      { op: 'P99', column: 'duration_ms' },
      { op: 'HEATMAP', column: 'duration_ms' },
      { op: 'RATE_SUM', column: 'duration_ms' },
    ],
    breakdowns: ['http.route'],
    filters: [{ column: 'service.name', op: 'does-not-contain', value: 'test' }],
  });
  expect(p.groups).toEqual(['f1']);
  expect(p.measures).toEqual(['f0']);
  expect(p.aggregates).toEqual([
    { kind: 'percentile', measure: 0, fraction: 0.99 },
    { kind: 'heatmap', measure: 0, buckets: 20 },
    { kind: 'sum', measure: 0 },
  ]);
  expect(p.filter).toEqual({ kind: 'match', column: 'f2', match: 'substring', value: 'test', negated: true });
  expect(Object.isFrozen(p) && Object.isFrozen(p.aggregates[0]) && Object.isFrozen(p.orders)).toBe(true);
});

test('ranks by the first rankable calculation, largest first, then every breakdown', () => {
  const p = plan({ calculations: [{ op: 'HEATMAP', column: 'duration_ms' }, { op: 'COUNT' }], breakdowns: ['http.route', 'service.name'] });
  expect(p.orders).toEqual([
    { by: 'aggregate', index: 1, descending: true },
    { by: 'group', index: 0, descending: false },
    { by: 'group', index: 1, descending: false },
  ]);
});

test('a breakdown already ordered is not ordered again', () => {
  const p = plan({ breakdowns: ['http.route'], orders: [{ column: 'http.route', order: 'descending' }] });
  expect(p.orders).toEqual([{ by: 'group', index: 0, descending: true }]);
});

test('buckets start on multiples of the granularity since the epoch', () => {
  const p = plan({ start_time: 1000, end_time: 4600 });
  expect([p.bucketUs, p.bucketOriginUs]).toEqual([60e6, 960e6]);
});
