// The live preview's question: the expression, defined inline (`calculated_fields`), grouped
// with the columns it reads over the last hour of the dataset's events, most common first,
// so each row shows inputs and the value the engine computes from them.
import type { ColumnSummary, QuerySpec } from '../api/query-spec.ts';
import { columnsRead } from './expression-check.ts';

export const PREVIEW_ROWS = 20;
const PREVIEW_SECONDS = 60 * 60;
/** The columns read that are shown beside the value; an expression reading more shows its first ones. */
const SHOWN_INPUTS = 4;

export interface Preview {
  /** The name the value has in the answer. */
  readonly name: string;
  /** The columns read that the answer also has. */
  readonly inputs: readonly string[];
  readonly query: QuerySpec;
}

/** The preview of a checked expression; `lastEventAt` is the dataset's newest event (the window ends there). */
export function previewOf(alias: string, expression: string, columns: readonly ColumnSummary[], lastEventAt: string | null): Preview {
  const sent = new Set(columns.filter((c) => c.expression === undefined).map((c) => c.name));
  // Defined inline under the column's own name, it stands in for a saved column of that name.
  let name = alias && !sent.has(alias) ? alias : 'value';
  for (let n = 2; sent.has(name); n++) name = `value ${n}`;
  const inputs = columnsRead(expression)
    .filter((c) => c !== name)
    .slice(0, SHOWN_INPUTS);
  const end = lastEventAt ? Math.floor(Date.parse(lastEventAt) / 1000) + 1 : undefined;
  return {
    name,
    inputs,
    query: {
      calculated_fields: [{ name, expression }],
      calculations: [{ op: 'COUNT' }],
      breakdowns: [name, ...inputs],
      orders: [{ op: 'COUNT', order: 'descending' }],
      limit: PREVIEW_ROWS,
      time_range: PREVIEW_SECONDS,
      ...(end === undefined || Number.isNaN(end) ? {} : { end_time: end }),
    },
  };
}
