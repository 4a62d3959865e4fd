// About how many rows each dataset table holds, as DuckDB's catalog estimates them (the
// main file and the staging file together): the query compiler picks a plan by it (exact
// percentiles over few rows). Read again at most once per REFRESH_MS, beside the queries,
// never before them: an estimate a few seconds old picks a plan as well as a fresh one.
import type { QueryTarget } from '@flashlight/query';

const REFRESH_MS = 5_000;

export class TableRowCounts {
  private counts = new Map<string, number>();
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly query: (sql: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>,
    private readonly now: () => number,
  ) {}

  /**
   * The target with each table's estimated rows. Only the first query waits for them; later
   * ones take the last counts while newer ones are read (a failed read keeps the old counts).
   */
  async attach(target: QueryTarget): Promise<QueryTarget> {
    if (this.now() - this.readAt > REFRESH_MS) {
      this.reading ??= this.read().finally(() => (this.reading = null));
      if (this.readAt === Number.NEGATIVE_INFINITY) await this.reading;
      else this.reading.catch(() => {});
    }
    return { ...target, tables: target.tables.map((table) => ({ ...table, rows: this.counts.get(table.table) ?? 0 })) };
  }

  private async read(): Promise<void> {
    const rows = await this.query('SELECT table_name, sum(estimated_size) AS "rows" FROM duckdb_tables() GROUP BY table_name', []);
    this.counts = new Map(rows.map((row) => [String(row.table_name), Number(row.rows)]));
    this.readAt = this.now();
  }
}
