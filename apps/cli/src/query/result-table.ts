// Prints a query's totals (or its time series) as an aligned text table: breakdowns first,
// then one column per calculation. A heatmap cell shows its range and its weighted total.
import type { QueryResult, ResultData } from '@flashlight/query';

function formatCell(value: ResultData[string] | undefined): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, '');
  if (typeof value === 'object') {
    const total = value.counts.reduce((sum, count) => sum + count, 0);
    if (value.bounds.length === 0) return 'n=0';
    return `${formatCell(value.bounds[0])}..${formatCell(value.bounds[value.bounds.length - 1])} n=${formatCell(total)}`;
  }
  // Telemetry text may hold control characters that would move the terminal's cursor.
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  return String(value).replace(/[\u0000-\u001f\u007f]/g, '?');
}

function renderTable(data: ResultData[], columns: string[]): string {
  const rows = data.map((row) => columns.map((column) => formatCell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => row[i].length)));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((row) => row[i] === '-' || /^-?[\d.]+(e[+-]?\d+)?$/.test(row[i])));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const body = rows.length > 0 ? rows.map(line) : ['(no events matched)'];
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...body].join('\n') + '\n';
}

/** The totals: one row per group. */
export function renderResultTable(result: QueryResult, columns: string[]): string {
  return renderTable(
    result.data.results.map(({ data }) => data),
    columns,
  );
}

/** The time series: one row per time bucket and group, oldest first. */
export function renderSeriesTable(result: QueryResult, columns: string[]): string {
  return renderTable(
    result.data.series.map(({ time, data }) => ({ time, ...data })),
    ['time', ...columns],
  );
}

/** The columns of raw events: `timestamp` first, then every field in the order the events first name it. */
export function rawEventColumns(result: QueryResult): string[] {
  const columns = new Set(['timestamp']);
  for (const { data } of result.data.results) for (const field of Object.keys(data)) columns.add(field);
  return [...columns];
}
