// A dataset's events in time order, page by page, for NDJSON export: memory stays flat
// however many events match. Pages are keyset by timestamp (`ts > last`); events sharing
// the last timestamp of a full page are read together, so none is skipped or repeated.
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

export const EXPORT_PAGE_SIZE = 5000;

/** `spec` takes a QuerySpec's filters, filter_combination and time range; throws QueryError when bad. */
export async function exportEvents(store: Store, environment: string, dataset: string, spec: unknown, pageSize = EXPORT_PAGE_SIZE): Promise<EventExport> {
  const target = await store.target(environment, [dataset]);
  if (!target || target.tables.length === 0) throw new UnknownDatasetError(dataset);
  const query = validateQuery(spec, target, { dataset });
  const plan = planQuery(query, target.tables);
  const reader = new PageReader(store, [...target.fields.values()], plan.filter, plan.startUs, plan.endUs);
  let total = 0;
  for (const table of plan.tables) total += await reader.count(table);
  async function* pages(): AsyncGenerator<ExportedEvent[]> {
    for (const table of plan.tables) yield* reader.pages(table, pageSize);
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
      const page = await this.read(table, { afterUs, limit: pageSize });
      if (page.length < pageSize) {
        if (page.length > 0) yield page;
        return;
      }
      const lastUs = page[page.length - 1].timeUs;
      const before = page.filter((event) => event.timeUs < lastUs);
      if (before.length > 0) yield before;
      // Every event of the last timestamp, however many: a page boundary may split them.
      yield await this.read(table, { atUs: lastUs });
      afterUs = lastUs;
    }
  }

  private async read(table: DatasetTable, range: { afterUs?: number | null; atUs?: number; limit?: number }): Promise<ExportedEvent[]> {
    const params: unknown[] = [];
    const present = this.fields.filter((f) => table.columns.has(f.column));
    const ts = this.id(TIMESTAMP_COLUMN);
    const select = [`${this.dialect.epochMicros(ts)} AS ${this.id('time_us')}`, `${this.id(SAMPLE_RATE_COLUMN)} AS ${this.id('sample_rate')}`, ...present.map((f) => this.id(f.column))];
    const where = this.where(table, params, range);
    const limit = range.limit !== undefined ? ` LIMIT ${this.dialect.parameter(range.limit, params)}` : '';
    const sql = `SELECT ${select.join(', ')} FROM ${this.id(table.table)} WHERE ${where.join(' AND ')} ORDER BY ${ts}${limit}`;
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

  private where(table: DatasetTable, params: unknown[], range: { afterUs?: number | null; atUs?: number } | null): string[] {
    const value = (v: SqlValue) => this.dialect.parameter(v, params);
    const ts = this.id(TIMESTAMP_COLUMN);
    const at = (us: number) => this.dialect.timestampFromMicros(value(us));
    const column = (physical: string) => (table.columns.has(physical) ? this.id(physical) : 'NULL');
    const where = [`${ts} >= ${at(this.startUs)}`, `${ts} < ${at(this.endUs)}`];
    if (range?.afterUs !== undefined && range.afterUs !== null) where.push(`${ts} > ${at(range.afterUs)}`);
    if (range?.atUs !== undefined) where.push(`${ts} = ${at(range.atUs)}`);
    if (this.filter) where.push(predicateSql(this.filter, column, this.dialect, value));
    return where;
  }

  private id(name: string): string {
    return this.dialect.quoteIdentifier(name);
  }
}
