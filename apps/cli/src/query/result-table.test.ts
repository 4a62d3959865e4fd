import { expect, test } from 'vitest';
import { renderResultTable, renderSeriesTable } from './result-table.ts';

test('aligns text left and numbers right, with a dash for a missing value', () => {
  const table = renderResultTable(
    {
      data: {
        series: [],
        results: [
          { data: { 'http.route': '/checkout', COUNT: 1200, 'P99(duration_ms)': 812.25 } },
          { data: { 'http.route': null, COUNT: 7, 'P99(duration_ms)': null } },
        ],
      },
    },
    ['http.route', 'COUNT', 'P99(duration_ms)'],
  );
  expect(table).toBe(
    [
      'http.route  COUNT  P99(duration_ms)',
      '----------  -----  ----------------',
      '/checkout    1200            812.25',
      '-               7                 -',
      '',
    ].join('\n'),
  );
});

test('a heatmap cell shows its range and weighted total; control characters are not printed', () => {
  const table = renderResultTable({ data: { series: [], results: [{ data: { name: 'a\u001b[2Jb', 'HEATMAP(d)': { bounds: [1, 2, 3], counts: [4, 6] } } }] } }, [
    'name',
    'HEATMAP(d)',
  ]);
  expect(table.split('\n')[2]).toBe('a?[2Jb  1..3 n=10');
});

test('says so when no group matched', () => {
  const table = renderResultTable({ data: { series: [], results: [] } }, ['http.route', 'COUNT']);
  expect(table).toBe(['http.route  COUNT', '----------  -----', '(no events matched)', ''].join('\n'));
});

test('the series: one row per time bucket and group, time first', () => {
  const table = renderSeriesTable(
    {
      data: {
        results: [],
        series: [
          { time: '2026-11-27T20:00:00.000Z', data: { 'http.route': '/cart', COUNT: 12 } },
          { time: '2026-11-27T20:01:00.000Z', data: { 'http.route': '/cart', COUNT: 3 } },
        ],
      },
    },
    ['http.route', 'COUNT'],
  );
  expect(table.split('\n').slice(2, 4)).toEqual(['2026-11-27T20:00:00.000Z  /cart          12', '2026-11-27T20:01:00.000Z  /cart           3']);
});
