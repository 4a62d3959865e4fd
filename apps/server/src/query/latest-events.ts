// The latest events of a query's slice, newest first: the events behind a query (raw
// events mode) and the entity lens's live tail. Identifiers are generated physical names
// through the dialect; filter values and the time range are parameters.
import {
  SAMPLE_RATE_COLUMN,
  TIMESTAMP_COLUMN,
  and,
  as,
  derived,
  desc,
  fn,
  id,
  predicateExpr,
  relatedRows,
  select,
  star,
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
      const own = [timeWithin(plan.startUs, plan.endUs), ...(filter ? [predicateExpr(filter, tableColumn(source, plan.derived))] : [])];
      const columns = [as(fn('epochMicros', id(TIMESTAMP_COLUMN)), 'time_us'), as(id(SAMPLE_RATE_COLUMN), 'sample_rate'), ...present.map((f) => id(f.column))];
      const newest = (time: string) => ({ orderBy: [desc(id(time))], limit: val(limit) });
      // Relational filters check the rows outside the select that reads them (related-rows.ts).
      const related = plan.relational && relatedRows(plan.relational, plan);
      const query = related
        ? select({
            with: related.with,
            columns: [star()],
            from: derived(
              related.checked(select({ columns: [...columns, ...related.ids(source)], from: table(source.table), where: and(...own) }), [
                { name: 'time_us' },
                { name: 'sample_rate' },
                ...present.map((f) => ({ name: f.column })),
              ]),
              'checked',
            ),
            ...newest('time_us'),
          })
        : select({ columns, from: table(source.table), where: and(...own), ...newest(TIMESTAMP_COLUMN) });
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
