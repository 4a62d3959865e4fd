import { expect, test } from 'vitest';
import { queryResultCsv } from './result-csv.ts';

test('groups become rows; quotes, commas and newlines are quoted; formulas stay text', () => {
  const csv = queryResultCsv({
    data: {
      series: [],
      results: [
        { data: { 'http.route': '/cart, "old"', COUNT: 4, 'P99(duration_ms)': 120.5 } },
        { data: { 'http.route': '=HYPERLINK("x")', COUNT: 1, 'P99(duration_ms)': null } },
        { data: { 'http.route': 'two\nlines', COUNT: 2, 'P99(duration_ms)': -3 } },
      ],
    },
  });
  expect(csv).toBe('http.route,COUNT,P99(duration_ms)\r\n' + '"/cart, ""old""",4,120.5\r\n' + `"'=HYPERLINK(""x"")",1,\r\n` + '"two\nlines",2,-3\r\n');
});
