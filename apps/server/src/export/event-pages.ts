// A dataset's events in time order, page by page, for NDJSON export: memory stays flat
// however many events match, and however wide they are: a page holds as many events as
// fit in `pageBytes` at the dataset's width. Pages are keyset by timestamp: a page is the
// time range (previous page's last timestamp, this page's last], so events sharing a
// timestamp are read together and none is skipped or repeated.
// Identifiers are generated physical names through the dialect; values are parameters.
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN, planQuery, predicateSql, validateQuery, type DatasetTable, type FieldInfo, type PredicateNode, type SqlValue } from '@flashlight/query';
import { exactInteger, setField, type FieldValue } from '../events/wide-event.ts';
import type { Store } from '../store/store.ts';
import { dialectForEngine } from '../query/dialect-for-engine.ts';
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

/** `spec` takes a QuerySpec's filters, filter_combination and time range; throws QueryError when bad. */
export async function exportEvents(store: Store, environment: string, dataset: string, spec: unknown, pageBytes = EXPORT_PAGE_BYTES): Promise<EventExport> {
  const target = await store.target(environment, [dataset]);
  if (!target || target.tables.length === 0) throw new UnknownDatasetError(dataset);
  const query = validateQuery(spec, target, { dataset });
  const plan = planQuery(query, target.tables);
  const reader = new PageReader(store, [...target.fields.values()], plan.filter, plan.startUs, plan.endUs);
  let total = 0;
  for (const table of plan.tables) total += await reader.count(table);
  async function* pages(): AsyncGenerator<ExportedEvent[]> {
    for (const table of plan.tables) yield* reader.pages(table, eventsPerPage(table.columns.size, pageBytes));
  }
  return { total, pages: pages() };
}

class PageReader {
  private readonly dialect;

  constructor(
    private readonly store: Store,
    private readonly fields: FieldInfo[],
    private readonly filter: PredicateNode | null,
    private readonly startUs: number,
    private readonly endUs: number,
  ) {
    this.dialect = dialectForEngine(store.engine);
  }

  async count(table: DatasetTable): Promise<number> {
    const params: unknown[] = [];
    const sql = `SELECT count(*) AS n FROM ${this.id(table.table)} WHERE ${this.where(table, params, null).join(' AND ')}`;
    const [row] = await this.store.query(sql, params);
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
  private async pageEnd(table: DatasetTable, afterUs: number | null, pageSize: number): Promise<number | null> {
    const params: unknown[] = [];
    const ts = this.id(TIMESTAMP_COLUMN);
    const where = this.where(table, params, { afterUs });
    const page = `SELECT ${this.dialect.epochMicros(ts)} AS ${this.id('time_us')} FROM ${this.id(table.table)} WHERE ${where.join(' AND ')} ORDER BY ${ts} LIMIT ${this.dialect.parameter(pageSize, params)}`;
    const [row] = await this.store.query(`SELECT max(${this.id('time_us')}) AS ${this.id('last_us')}, count(*) AS ${this.id('n')} FROM (${page}) AS ${this.id('page')}`, params);
    return row && Number(row.n) > 0 ? Number(row.last_us) : null;
  }

  private async read(table: DatasetTable, range: { afterUs: number | null; throughUs: number }): Promise<ExportedEvent[]> {
    const params: unknown[] = [];
    const present = this.fields.filter((f) => table.columns.has(f.column));
    const ts = this.id(TIMESTAMP_COLUMN);
    const select = [`${this.dialect.epochMicros(ts)} AS ${this.id('time_us')}`, `${this.id(SAMPLE_RATE_COLUMN)} AS ${this.id('sample_rate')}`, ...present.map((f) => this.id(f.column))];
    const where = this.where(table, params, range);
    const sql = `SELECT ${select.join(', ')} FROM ${this.id(table.table)} WHERE ${where.join(' AND ')} ORDER BY ${ts}`;
    const rows = await this.store.query(sql, params);
    return rows.map((row) => {
      const fields: Record<string, FieldValue> = {};
      for (const field of present) {
        const cell = row[field.column];
        if (cell === null || cell === undefined) continue;
        setField(fields, field.name, field.type === 'boolean' ? Boolean(cell) : typeof cell === 'bigint' ? exactInteger(cell) : (cell as FieldValue));
      }
      return { timeUs: Number(row.time_us), sampleRate: Number(row.sample_rate ?? 1), fields };
    });
  }

  private where(table: DatasetTable, params: unknown[], range: { afterUs?: number | null; throughUs?: number } | null): string[] {
    const value = (v: SqlValue) => this.dialect.parameter(v, params);
    const ts = this.id(TIMESTAMP_COLUMN);
    const at = (us: number) => this.dialect.timestampFromMicros(value(us));
    const column = (physical: string) => (table.columns.has(physical) ? this.id(physical) : 'NULL');
    const where = [`${ts} >= ${at(this.startUs)}`, `${ts} < ${at(this.endUs)}`];
    if (range?.afterUs !== undefined && range.afterUs !== null) where.push(`${ts} > ${at(range.afterUs)}`);
    if (range?.throughUs !== undefined) where.push(`${ts} <= ${at(range.throughUs)}`);
    if (this.filter) where.push(predicateSql(this.filter, column, this.dialect, value));
    return where;
  }

  private id(name: string): string {
    return this.dialect.quoteIdentifier(name);
  }
}
