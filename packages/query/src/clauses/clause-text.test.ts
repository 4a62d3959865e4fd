import { describe, expect, it } from 'vitest';
import { formatCalculation, formatFilter, formatHaving, formatOrder, parseCalculation, parseFilter, parseHaving, parseOrder } from './clause-text.ts';
import type { FieldType } from '../dataset-schema.ts';
import type { Filter } from '../query-spec.ts';

const types: Record<string, FieldType> = {
  'http.status_code': 'integer',
  duration_ms: 'float',
  'http.route': 'string',
  error: 'boolean',
};
const typeOf = (column: string) => types[column];

describe('calculations', () => {
  it.each([
    ['COUNT', { op: 'COUNT' }],
    ['p99(duration_ms)', { op: 'P99', column: 'duration_ms' }],
    [' HEATMAP( duration_ms ) ', { op: 'HEATMAP', column: 'duration_ms' }],
  ])('parses %s', (text, calc) => {
    expect(parseCalculation(text)).toEqual({ ok: true, value: calc });
  });

  it('formats as the query API keys its results', () => {
    expect(formatCalculation({ op: 'P99', column: 'duration_ms' })).toBe('P99(duration_ms)');
    expect(formatCalculation({ op: 'COUNT' })).toBe('COUNT');
  });

  it('says what is wrong', () => {
    expect(parseCalculation('AVG')).toEqual({ ok: false, error: 'AVG needs a column, e.g. AVG(duration_ms)' });
    expect(parseCalculation('COUNT(x)')).toEqual({ ok: false, error: 'COUNT takes no column' });
    expect(parseCalculation('MEDIAN(x)')).toMatchObject({ ok: false, error: expect.stringContaining('unknown calculation "MEDIAN"') });
  });
});

describe('filters', () => {
  it.each([
    ['http.status_code >= 500', { column: 'http.status_code', op: '>=', value: 500 }],
    ['http.route = /api/cart', { column: 'http.route', op: '=', value: '/api/cart' }],
    ['http.route = 500', { column: 'http.route', op: '=', value: '500' }],
    ['error = true', { column: 'error', op: '=', value: true }],
    ['user.id does-not-exist', { column: 'user.id', op: 'does-not-exist' }],
    ['http.route starts-with /api', { column: 'http.route', op: 'starts-with', value: '/api' }],
    ['http.status_code in 500, 502', { column: 'http.status_code', op: 'in', value: [500, 502] }],
    ['http.route not-in "/a, b", /c', { column: 'http.route', op: 'not-in', value: ['/a, b', '/c'] }],
    ['unknown.field = "42"', { column: 'unknown.field', op: '=', value: '42' }],
    ['unknown.field = 42', { column: 'unknown.field', op: '=', value: 42 }],
    ['http.status_code>=500', { column: 'http.status_code', op: '>=', value: 500 }],
    ['http.status_code != 200', { column: 'http.status_code', op: '!=', value: 200 }],
    ["user.id = '42'", { column: 'user.id', op: '=', value: '42' }],
    ['name = GET /cart', { column: 'name', op: '=', value: 'GET /cart' }],
    ['message contains a = b', { column: 'message', op: 'contains', value: 'a = b' }],
    ['message = sign in now', { column: 'message', op: '=', value: 'sign in now' }],
    ['login = x', { column: 'login', op: '=', value: 'x' }],
    ['http.route does-not-contain admin', { column: 'http.route', op: 'does-not-contain', value: 'admin' }],
    ['db.rows does-not-exist', { column: 'db.rows', op: 'does-not-exist' }],
    // Relational fields are columns like any other to the grammar.
    ['any.vendor.outcome = fallback', { column: 'any.vendor.outcome', op: '=', value: 'fallback' }],
    ['none.trace.parent_id does-not-exist', { column: 'none.trace.parent_id', op: 'does-not-exist' }],
  ])('parses %s', (text, filter) => {
    expect(parseFilter(text, typeOf)).toEqual({ ok: true, value: filter });
  });

  it('round-trips through its text form', () => {
    for (const filter of [
      { column: 'http.route', op: '=', value: 'has space' },
      { column: 'http.route', op: '=', value: '500' },
      { column: 'http.status_code', op: 'in', value: [500, 502] },
      { column: 'user.id', op: 'exists' },
      { column: 'http.route', op: '=', value: "it's" },
      { column: 'http.route', op: 'in', value: ['a, b', 'true', '7'] },
    ] satisfies Filter[]) {
      expect(parseFilter(formatFilter(filter), typeOf)).toEqual({ ok: true, value: filter });
    }
  });

  it('rejects a value of the wrong type for the column', () => {
    expect(parseFilter('http.status_code > abc', typeOf)).toEqual({ ok: false, error: 'expected a number; got "abc"' });
    expect(parseFilter('http.route', typeOf)).toMatchObject({ ok: false });
    expect(parseFilter('user.id exists now', typeOf)).toEqual({ ok: false, error: 'exists takes no value' });
    expect(parseFilter('http.route =', typeOf)).toEqual({ ok: false, error: '= needs a value' });
    expect(parseFilter('http.status_code 500')).toMatchObject({ ok: false, error: expect.stringContaining('expected "column op value"') });
  });
});

describe('orders and havings', () => {
  it('orders by calculation (descending by default) or by column (ascending)', () => {
    expect(parseOrder('COUNT')).toEqual({ ok: true, value: { op: 'COUNT', order: 'descending' } });
    expect(parseOrder('P99(duration_ms) asc')).toEqual({ ok: true, value: { op: 'P99', column: 'duration_ms', order: 'ascending' } });
    expect(parseOrder('http.route desc')).toEqual({ ok: true, value: { column: 'http.route', order: 'descending' } });
    expect(parseOrder('user.id descending')).toEqual({ ok: true, value: { column: 'user.id', order: 'descending' } });
    expect(parseOrder('  ')).toMatchObject({ ok: false });
    expect(formatOrder({ op: 'P99', column: 'duration_ms', order: 'descending' })).toBe('P99(duration_ms) desc');
  });

  it('parses havings on calculations', () => {
    expect(parseHaving('COUNT > 10')).toEqual({ ok: true, value: { calculate_op: 'COUNT', op: '>', value: 10 } });
    expect(parseHaving('p99(duration_ms)>=250.5')).toEqual({ ok: true, value: { calculate_op: 'P99', column: 'duration_ms', op: '>=', value: 250.5 } });
    expect(parseHaving('http.route = /a')).toMatchObject({ ok: false });
    expect(formatHaving({ calculate_op: 'P99', column: 'duration_ms', op: '>=', value: 250 })).toBe('P99(duration_ms) >= 250');
    expect(parseHaving('COUNT > lots')).toEqual({ ok: false, error: 'expected a number; got "lots"' });
  });
});
