import { describe, expect, test } from 'vitest';
import { buildQuerySpec, parseCalculation, parseDuration, parseFilter, parseHaving, parseOrder, QueryArgumentError } from './query-arguments.ts';

// The grammar itself is tested in @flashlight/query (clauses/clause-text.test.ts); these
// check that each flag reads its clause with it and names itself in what it refuses.
describe('clause flags', () => {
  test('read their clauses with the shared grammar', () => {
    expect(parseCalculation('p99(duration_ms)')).toEqual({ op: 'P99', column: 'duration_ms' });
    expect(parseFilter('http.status_code>=500')).toEqual({ column: 'http.status_code', op: '>=', value: 500 });
    expect(parseFilter('http.route in /a,/b')).toEqual({ column: 'http.route', op: 'in', value: ['/a', '/b'] });
    expect(parseOrder('COUNT')).toEqual({ op: 'COUNT', order: 'descending' });
    expect(parseOrder('http.route')).toEqual({ column: 'http.route', order: 'ascending' });
    expect(parseHaving('COUNT > 100')).toEqual({ calculate_op: 'COUNT', op: '>', value: 100 });
  });

  test.each([
    [() => parseCalculation('P99 duration_ms'), /^--calc "P99 duration_ms": expected OP or OP\(column\)/],
    [() => parseCalculation('MEDIAN(x)'), /^--calc "MEDIAN\(x\)": unknown calculation "MEDIAN"/],
    [() => parseFilter('http.status_code 500'), /^--where "http.status_code 500": expected "column op value"/],
    [() => parseHaving('http.route = /a'), /^--having "http.route = \/a": expected OP or OP\(column\)/],
  ])('a refusal names the flag (%#)', (parse, message) => {
    expect(parse).toThrow(QueryArgumentError);
    expect(parse).toThrow(message);
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

  test('--per makes the per block and --per-where filters its events; the other flags read its columns', () => {
    const spec = buildQuerySpec({
      per: 'PER session.id, app.version: COUNT AS calls, P50(duration_ms) AS p50',
      perWhere: ['error = true'],
      calc: ['COUNT', 'P95(p50)'],
      where: ['calls > 3'],
      by: ['app.version'],
    });
    expect(spec).toEqual({
      per: {
        breakdowns: ['session.id', 'app.version'],
        calculations: [
          { op: 'COUNT', name: 'calls' },
          { op: 'P50', column: 'duration_ms', name: 'p50' },
        ],
        filters: [{ column: 'error', op: '=', value: true }],
      },
      calculations: [{ op: 'COUNT' }, { op: 'P95', column: 'p50' }],
      filters: [{ column: 'calls', op: '>', value: 3 }],
      breakdowns: ['app.version'],
    });
  });

  test('--per and --per-where name themselves in what they refuse', () => {
    expect(() => buildQuerySpec({ per: 'session.id: P50 AS p' })).toThrow('--per "session.id: P50 AS p": P50 needs a column');
    expect(() => buildQuerySpec({ perWhere: ['error = true'] })).toThrow('--per-where filters the events of a per block');
  });
});
