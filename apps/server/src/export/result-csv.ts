// A query result as CSV: one row per result group, its breakdown values then its
// calculations, in the order the API answers them. Telemetry is hostile: text a
// spreadsheet would run as a formula is prefixed with an apostrophe (OWASP's advice).
import type { QueryResult, ResultData } from '@flashlight/query';

const FORMULA_START = /^[=+\-@\t\r]/;

export function queryResultCsv(result: QueryResult): string {
  const rows = result.data.results.map((row) => row.data);
  const columns = columnsOf(rows);
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(cellText(row[column]))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function columnsOf(rows: ResultData[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const column of Object.keys(row)) columns.add(column);
  return [...columns];
}

function cellText(value: ResultData[string] | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && FORMULA_START.test(value)) return `'${value}`;
  return String(value);
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
