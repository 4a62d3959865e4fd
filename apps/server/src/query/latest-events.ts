// The latest events of a query's slice, newest first: the events behind a query (raw
// events mode) and the entity lens's live tail. Identifiers are generated physical names
// through the dialect; filter values and the time range are parameters.
import {
  SAMPLE_RATE_COLUMN,
  TIMESTAMP_COLUMN,
  and,
  as,
  desc,
  fn,
  id,
  predicateExpr,
  relatedRows,
  select,
  table,
  tableColumn,
  timeWithin,
  val,
  type PredicateNode,
  type QueryPlan,
  type QueryTarget,
} from '@flashlight/query';
import type { Store } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';
import { setField, type FieldValue } from '../events/wide-event.ts';
import type { TailEvent } from '@flashlight/api';
export type { TailEvent };

export const TAIL_EVENTS = 25;

function cellValue(value: unknown): FieldValue | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Reads the newest `limit` events matching `filter` (all, when null) in the plan's time range, from each table, and merges them. */
export async function latestEvents(
  store: Store,
  target: QueryTarget,
  plan: QueryPlan,
  filter: PredicateNode | null,
  limit = TAIL_EVENTS,
): Promise<TailEvent[]> {
  const fields = [...target.fields.values()];
  const perTable = await Promise.all(
    plan.tables.map(async (source) => {
      const present = fields.filter((f) => source.columns.has(f.column));
      const ts = id(TIMESTAMP_COLUMN);
      const own = [timeWithin(plan.startUs, plan.endUs), ...(filter ? [predicateExpr(filter, tableColumn(source, plan.derived))] : [])];
      // Relational filters check the rows outside the subquery that reads them (related-rows.ts).
      const related = plan.relational && relatedRows(source, plan.relational, plan, own);
      const query = select({
        columns: [as(fn('epochMicros', ts), 'time_us'), as(id(SAMPLE_RATE_COLUMN), 'sample_rate'), ...present.map((f) => id(f.column))],
        from: related ? related.from : table(source.table),
        where: related ? related.where : and(...own),
        orderBy: [desc(ts)],
        limit: val(limit),
      });
      const rows = await runNode(store, query);
      return rows.map((row): TailEvent => {
        const eventFields: Record<string, FieldValue> = {};
        for (const field of present) {
          const cell = cellValue(row[field.column]);
          if (cell !== null) setField(eventFields, field.name, field.type === 'boolean' ? Boolean(cell) : cell);
        }
        return { time: Number(row.time_us) / 1000, sampleRate: Number(row.sample_rate ?? 1), fields: eventFields };
      });
    }),
  );
  return perTable
    .flat()
    .sort((a, b) => b.time - a.time)
    .slice(0, limit);
}
