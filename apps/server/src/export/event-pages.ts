// A dataset's events in time order, page by page, for NDJSON export: memory stays flat
// however many events match, and however wide they are: a page holds as many events as
// fit in `pageBytes` at the dataset's width. Pages are keyset by timestamp: a page is the
// time range (previous page's last timestamp, this page's last], so events sharing a
// timestamp are read together and none is skipped or repeated.
// Statements are node trees printed for the store's engine.
import {
  SAMPLE_RATE_COLUMN,
  TIMESTAMP_COLUMN,
  and,
  as,
  by,
  derived,
  fn,
  id,
  op,
  planQuery,
  predicateExpr,
  QueryError,
  select,
  star,
  table,
  tableColumn,
  type DerivedColumns,
  timeWithin,
  val,
  validateQuery,
  refuseRelational,
  type DatasetTable,
  type Expr,
  type FieldInfo,
  type FieldType,
  type PredicateNode,
  type QueryNode,
} from '@flashlight/query';
import { exactInteger, setField, type FieldValue } from '../events/wide-event.ts';
import type { Store } from '../store/store.ts';
import { runNode } from '../store/run-node.ts';
import { UnknownDatasetError } from '../query/run-query.ts';

export interface ExportedEvent {
  /** Microseconds since the epoch. */
  timeUs: number;
  sampleRate: number;
  fields: Record<string, FieldValue>;
}

export interface EventExport {
  /** Events that match, counted before the first page. */
  total: number;
  pages: AsyncGenerator<ExportedEvent[]>;
}

/** Most events in one page, however narrow. */
export const EXPORT_PAGE_SIZE = 5000;
/** Memory one page may take: its rows from the engine, as objects, and as NDJSON text. */
export const EXPORT_PAGE_BYTES = 8 * 1024 * 1024;
/**
 * What one cell of a page is taken to cost along the way: the engine's result value, the
 * row object's property and its NDJSON text. Most cells of a wide dataset are empty and
 * cost less; a long string costs more, and its page's share of the reservation with it.
 */
const BYTES_PER_CELL = 64;

/** Events per page for a dataset of `columns` columns. */
export function eventsPerPage(columns: number, pageBytes = EXPORT_PAGE_BYTES): number {
  return Math.max(1, Math.min(EXPORT_PAGE_SIZE, Math.floor(pageBytes / (BYTES_PER_CELL * (columns + 2)))));
}

/**
 * `spec` takes a QuerySpec's filters, filter_combination and time range (relative to `now`);
 * throws QueryError when bad.
 */
export async function exportEvents(store: Store, environment: string, dataset: string, spec: unknown, now?: Date): Promise<EventExport> {
  const target = await store.target(environment, [dataset]);
  if (!target || target.tables.length === 0) throw new UnknownDatasetError(dataset);
  const query = validateQuery(spec, target, { dataset, now });
  if (query.per) throw new QueryError('per', 'an export lists events, not per-entity rows');
  refuseRelational(query, 'exports');
  const plan = planQuery(query, target.tables);
  const reader = new PageReader(store, [...target.fields.values()], plan.filter, plan.derived, plan.startUs, plan.endUs);
  let total = 0;
  for (const table of plan.tables) total += await reader.count(table);
  async function* pages(): AsyncGenerator<ExportedEvent[]> {
    for (const table of plan.tables) yield* reader.pages(table, eventsPerPage(table.columns.size));
  }
  return { total, pages: pages() };
}

class PageReader {
  constructor(
    private readonly store: Store,
    private readonly fields: FieldInfo[],
    private readonly filter: PredicateNode | null,
    /** The derived columns the filter reads. */
    private readonly derived: DerivedColumns | undefined,
    private readonly startUs: number,
    private readonly endUs: number,
  ) {}

  async count(source: DatasetTable): Promise<number> {
    const [row] = await this.run(select({ columns: [as(fn('count', star()), 'n')], from: table(source.table), where: this.where(source, null) }));
    return Number(row?.n ?? 0);
  }

  async *pages(table: DatasetTable, pageSize: number): AsyncGenerator<ExportedEvent[]> {
    let afterUs: number | null = null;
    for (;;) {
      const throughUs = await this.pageEnd(table, afterUs, pageSize);
      if (throughUs === null) return;
      yield await this.read(table, { afterUs, throughUs });
      afterUs = throughUs;
    }
  }

  /**
   * The last timestamp of the next page: the page is then read by its time range, with
   * every event of that last timestamp. Found on the timestamp column alone, since an
   * engine sorting whole wide rows to pick a few holds a block of every column at once.
   */
  private async pageEnd(source: DatasetTable, afterUs: number | null, pageSize: number): Promise<number | null> {
    const ts = id(TIMESTAMP_COLUMN);
    const page = select({
      columns: [as(fn('epochMicros', ts), 'time_us')],
      from: table(source.table),
      where: this.where(source, { afterUs }),
      orderBy: [by(ts)],
      limit: val(pageSize),
    });
    const [row] = await this.run(select({ columns: [as(fn('max', id('time_us')), 'last_us'), as(fn('count', star()), 'n')], from: derived(page, 'page') }));
    return row && Number(row.n) > 0 ? Number(row.last_us) : null;
  }

  private async read(source: DatasetTable, range: { afterUs: number | null; throughUs: number }): Promise<ExportedEvent[]> {
    const present = this.fields.filter((f) => source.columns.has(f.column));
    const ts = id(TIMESTAMP_COLUMN);
    const rows = await this.run(
      select({
        columns: [as(fn('epochMicros', ts), 'time_us'), as(id(SAMPLE_RATE_COLUMN), 'sample_rate'), ...present.map((f) => id(f.column))],
        from: table(source.table),
        where: this.where(source, range),
        orderBy: [by(ts)],
      }),
    );
    return rows.map((row) => {
      const fields: Record<string, FieldValue> = {};
      for (const field of present) {
        const cell = row[field.column];
        if (cell !== null && cell !== undefined) setField(fields, field.name, storedValue(cell, source.casts?.get(field.column)?.from ?? field.type));
      }
      return { timeUs: Number(row.time_us), sampleRate: Number(row.sample_rate ?? 1), fields };
    });
  }

  private where(source: DatasetTable, range: { afterUs?: number | null; throughUs?: number } | null): Expr {
    const ts = id(TIMESTAMP_COLUMN);
    const at = (us: number) => fn('timestampFromMicros', val(us));
    return and(
      timeWithin(this.startUs, this.endUs),
      ...(range?.afterUs !== undefined && range.afterUs !== null ? [op('>', ts, at(range.afterUs))] : []),
      ...(range?.throughUs !== undefined ? [op('<=', ts, at(range.throughUs))] : []),
      ...(this.filter ? [predicateExpr(this.filter, tableColumn(source, this.derived))] : []),
    );
  }

  private run(query: QueryNode): Promise<Record<string, unknown>[]> {
    return runNode(this.store, query);
  }
}

/**
 * A cell as the value it was stored as, by the column's type in its own table: ClickHouse
 * answers booleans as 0/1 and an Int64 as text; an int64 beyond 2^53 stays exact as a bigint.
 */
function storedValue(cell: unknown, type: FieldType): FieldValue {
  if (type === 'boolean') return Boolean(cell);
  if (typeof cell === 'bigint') return exactInteger(cell);
  if (type === 'integer' && typeof cell === 'string') return exactInteger(BigInt(cell));
  return cell as FieldValue;
}
