// A dataset's column as the columns API lists it, for the editor's tests: a physical field,
// or a derived column when it has an expression.
import type { ColumnSummary } from '../api/query-spec.ts';

export const columnSummary = (name: string, type: ColumnSummary['type'], expression?: string): ColumnSummary => ({
  name,
  type,
  firstSeen: '2026-01-01T00:00:00Z',
  lastSeen: '2026-01-01T00:00:00Z',
  ...(expression ? { expression } : {}),
});
