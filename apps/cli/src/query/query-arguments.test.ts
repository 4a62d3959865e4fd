import { describe, expect, test } from 'vitest';
import { buildQuerySpec, parseCalculation, parseDuration, parseFilter, parseHaving, parseOrder, QueryArgumentError } from './query-arguments.ts';

describe('parseCalculation', () => {
  test.each([
    ['COUNT', { op: 'COUNT' }],
    ['p99(duration_ms)', { op: 'P99', column: 'duration_ms' }],
    ['COUNT_DISTINCT( user.id )', { op: 'COUNT_DISTINCT', column: 'user.id' }],
  ])('%s', (text, expected) => expect(parseCalculation(text)).toEqual(expected));

  test('rejects what is not OP or OP(column)', () => {
    expect(() => parseCalculation('P99 duration_ms')).toThrow(QueryArgumentError);
  });
});

describe('parseFilter', () => {
  test.each([
    ['http.status_code >= 500', { column: 'http.status_code', op: '>=', value: 500 }],
    ['http.status_code>=500', { column: 'http.status_code', op: '>=', value: 500 }],
    ['http.status_code != 200', { column: 'http.status_code', op: '!=', value: 200 }],
    ['error = true', { column: 'error', op: '=', value: true }],
    ['user.id = "42"', { column: 'user.id', op: '=', value: '42' }],
    ['http.route starts-with /api', { column: 'http.route', op: 'starts-with', value: '/api' }],
    ['http.route does-not-contain admin', { column: 'http.route', op: 'does-not-contain', value: 'admin' }],
    ['http.route in /a,/b', { column: 'http.route', op: 'in', value: ['/a', '/b'] }],
    ['http.status_code not-in 200,204', { column: 'http.status_code', op: 'not-in', value: [200, 204] }],
    ['db.rows exists', { column: 'db.rows', op: 'exists' }],
    ['db.rows does-not-exist', { column: 'db.rows', op: 'does-not-exist' }],
    ['name = GET /cart', { column: 'name', op: '=', value: 'GET /cart' }],
  ])('%s', (text, expected) => expect(parseFilter(text)).toEqual(expected));

  test('rejects a filter without an operator', () => {
    expect(() => parseFilter('http.status_code 500')).toThrow(/expected "COLUMN OP VALUE"/);
  });
});

describe('parseOrder', () => {
  test.each([
    ['P99(duration_ms) desc', { op: 'P99', column: 'duration_ms', order: 'descending' }],
    ['count', { op: 'COUNT', order: 'ascending' }],
    ['http.route ASC', { column: 'http.route', order: 'ascending' }],
    ['user.id descending', { column: 'user.id', order: 'descending' }],
  ])('%s', (text, expected) => expect(parseOrder(text)).toEqual(expected));
});

describe('parseHaving', () => {
  test.each([
    ['COUNT > 100', { calculate_op: 'COUNT', op: '>', value: 100 }],
    ['p99(duration_ms)>=250.5', { calculate_op: 'P99', column: 'duration_ms', op: '>=', value: 250.5 }],
  ])('%s', (text, expected) => expect(parseHaving(text)).toEqual(expected));

  test('rejects a having that is not a calculation compared with a number', () => {
    expect(() => parseHaving('http.route = /a')).toThrow(/expected "CALCULATION OP NUMBER"/);
  });
});

describe('parseDuration', () => {
  test.each([
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['7d', 604800],
    ['2w', 1209600],
  ])('%s', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  test('rejects other units and zero', () => {
    expect(() => parseDuration('1y')).toThrow(QueryArgumentError);
    expect(() => parseDuration('0h')).toThrow(QueryArgumentError);
  });
});

describe('buildQuerySpec', () => {
  test('flags add to a spec file; --last replaces its absolute time range', () => {
    const spec = buildQuerySpec(
      { calc: ['P99(duration_ms)'], where: ['http.status_code >= 500'], by: ['http.route'], last: '1h', limit: 5 },
      { calculations: [{ op: 'COUNT' }], breakdowns: ['service.name'], start_time: 1, end_time: 2 },
    );
    expect(spec).toEqual({
      calculations: [{ op: 'COUNT' }, { op: 'P99', column: 'duration_ms' }],
      filters: [{ column: 'http.status_code', op: '>=', value: 500 }],
      breakdowns: ['service.name', 'http.route'],
      time_range: 3600,
      limit: 5,
    });
  });
});
