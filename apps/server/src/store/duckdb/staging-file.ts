// A second DuckDB file that takes the commits while the main file checkpoints. DuckDB
// holds every appender of a file for the whole length of that file's checkpoint (seconds
// on a large file), and the appender's calls are synchronous; but its checkpoint lock is
// per attached database, so commits go to this file meanwhile, durably (its own WAL,
// fsynced on COMMIT). After the checkpoint one transaction of the main file moves the
// staged rows in and records the round as moved; then this file is emptied.
//
// Reads see both files while staged rows exist: for the length of a round, views of the
// same names (each dataset and trace index table, the main file's rows then the staged
// ones) sit in an in-memory database that query connections put first on their search
// path. A staged row is read from the main file once its round is recorded as moved there,
// so a query that straddles the move counts it once. DuckDB writes to one attached
// database per transaction; the round numbers make the move safe to repeat after a crash.
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Catalog } from '../catalog.ts';
import { appendChunks, type PreparedCommit } from './commit-writer.ts';
import { SQL_TYPES, type SeenTime, type SqlStatement } from './schema-changes.ts';
import { TRACE_INDEX_TABLES, traceIndexDdl } from './trace-index.ts';
import { MAX_CONFLICT_RETRIES, inTransaction, isWriteConflict } from './transaction.ts';

export const STAGING_DATABASE = 'fl_staging';
export const STAGING_FILE = 'flashlight.staging.duckdb';
const READS_DATABASE = 'fl_reads';
/** In the main file: the last round whose rows are in it. */
const MOVED_ROUND_TABLE = 'fl_staging_moved';
export const MOVED_ROUND_DDL = `CREATE TABLE IF NOT EXISTS ${MOVED_ROUND_TABLE} (round BIGINT NOT NULL)`;
/** In the staging file: the round its rows belong to. */
const ROUND_TABLE = 'fl_staging_round';

interface StagedTable {
  table: string;
  /** Every column, in the main table's order. */
  columns: { name: string; type: string }[];
}

export class StagingFile {
  /** The columns of each table in the staging file, as `column TYPE` joined. */
  private readonly shapes = new Map<string, string>();
  /** Tables written in this round. */
  private readonly staged = new Set<string>();
  /** Last-seen times held back during a round, the latest per table (its last event) and per table and column. */
  private readonly heldEvents = new Map<string, number>();
  private readonly heldColumns = new Map<string, { table: string; column: string; us: number }>();
  private views: string[] = [];
  private round = 0;
  private movedRound = 0;
  /** Whether reads go through the views: from a round's start until its rows are moved. */
  readsThroughViews = false;

  private constructor(private readonly mainDatabase: string) {}

  /**
   * Attaches the staging file beside the main one (created when absent) and moves in
   * whatever a crash left in it, so the store opens with every acknowledged row in place.
   */
  static async attach(connection: DuckDBConnection, file: string): Promise<StagingFile> {
    const [{ db }] = (await connection.runAndReadAll('SELECT current_database() AS db')).getRowObjectsJS();
    const staging = new StagingFile(String(db));
    await connection.run(`ATTACH ${literal(file)} AS ${STAGING_DATABASE}`);
    await connection.run(`ATTACH ':memory:' AS ${READS_DATABASE}`);
    await inTransaction(connection, async () => {
      await connection.run(`CREATE TABLE IF NOT EXISTS ${STAGING_DATABASE}.${ROUND_TABLE} (round BIGINT NOT NULL)`);
      for (const ddl of traceIndexDdl(`${STAGING_DATABASE}.main.`)) await connection.run(ddl);
    });
    const columns = await connection.runAndReadAll(
      `SELECT table_name, list(column_name || ' ' || data_type ORDER BY column_index) AS columns
         FROM duckdb_columns() WHERE database_name = '${STAGING_DATABASE}' AND table_name <> '${ROUND_TABLE}' GROUP BY table_name`,
    );
    for (const row of columns.getRowObjectsJS()) staging.shapes.set(String(row.table_name), (row.columns as string[]).join(', '));
    staging.movedRound = await roundIn(connection, staging.main(MOVED_ROUND_TABLE));
    // Rounds go on numbering after the last one moved, even if the staging file was lost.
    staging.round = Math.max(await roundIn(connection, `${STAGING_DATABASE}.${ROUND_TABLE}`), staging.movedRound);
    for (const table of staging.shapes.keys()) staging.staged.add(table);
    await staging.move(connection);
    await staging.clear(connection);
    return staging;
  }

  /**
   * Makes the staging file's tables match the catalog and starts round n + 1, with the
   * views reads go through. Runs while no commit is in flight.
   */
  async begin(connection: DuckDBConnection, catalog: Catalog): Promise<void> {
    if (this.holdsRows) throw new Error('the staging file still holds rows of the last round');
    const tables = datasetTables(catalog);
    this.round++;
    await inTransaction(connection, async () => {
      for (const { table, columns } of tables) {
        const shape = columns.map((c) => `${c.name} ${c.type}`).join(', ');
        if (this.shapes.get(table) === shape) continue;
        // Empty since the last round: a table whose columns changed is made again.
        if (this.shapes.has(table)) await connection.run(`DROP TABLE ${STAGING_DATABASE}.main.${table}`);
        await connection.run(`CREATE TABLE ${STAGING_DATABASE}.main.${table} (${shape})`);
        this.shapes.set(table, shape);
      }
      await connection.run(`DELETE FROM ${STAGING_DATABASE}.${ROUND_TABLE}`);
      await connection.run(`INSERT INTO ${STAGING_DATABASE}.${ROUND_TABLE} VALUES (${this.round})`);
    });
    const notMoved = `(SELECT coalesce(max(round), 0) FROM ${this.main(MOVED_ROUND_TABLE)}) < ${this.round}`;
    const views = [
      ...tables.map(({ table, columns }) => ({ table, list: columns.map((c) => c.name).join(', ') })),
      ...TRACE_INDEX_TABLES.map((table) => ({ table, list: '*' })),
    ];
    for (const { table, list } of views) {
      await connection.run(
        `CREATE OR REPLACE VIEW ${READS_DATABASE}.main.${table} AS
           SELECT ${list} FROM ${this.main(table)}
           UNION ALL SELECT ${list} FROM ${STAGING_DATABASE}.main.${table} WHERE ${notMoved}`,
      );
    }
    this.views = views.map((v) => v.table);
    this.readsThroughViews = true;
  }

  /** Whether rows of a round may be in the staging file still. */
  get holdsRows(): boolean {
    return this.staged.size > 0;
  }

  /** The statement a query connection runs first while reads go through the views. */
  get searchPath(): string {
    return `SET search_path = '${READS_DATABASE}.main,${this.mainDatabase}.main'`;
  }

  /** Writes a commit that changes no schema into the staging file; its last-seen times are held. */
  async write(connection: DuckDBConnection, prepared: PreparedCommit): Promise<void> {
    await inTransaction(connection, () => appendChunks(connection, prepared.chunks, STAGING_DATABASE));
    for (const { table } of prepared.chunks) this.staged.add(table);
    this.holdSeen(prepared.statements);
  }

  /**
   * Keeps last-seen times (statements that only move a time forward) to write later:
   * during a round every commit holds them back, so that nothing else changes those rows
   * while the round writes them, and a write conflict cannot fail a commit.
   */
  holdSeen(statements: readonly Pick<SqlStatement, 'seen'>[]): void {
    for (const { seen } of statements) {
      if (!seen) continue;
      if (seen.columns === null) {
        this.heldEvents.set(seen.table, Math.max(this.heldEvents.get(seen.table) ?? 0, seen.us));
        continue;
      }
      for (const column of seen.columns) {
        const key = `${seen.table}.${column}`;
        if ((this.heldColumns.get(key)?.us ?? 0) < seen.us) this.heldColumns.set(key, { table: seen.table, column, us: seen.us });
      }
    }
  }

  /** Writes the held last-seen times to the main file (two statements), until none is held. */
  async writeHeldSeen(connection: DuckDBConnection): Promise<void> {
    while (this.heldEvents.size + this.heldColumns.size > 0) {
      const held: SeenTime[] = [
        ...[...this.heldEvents].map(([table, us]) => ({ table, columns: null, us })),
        ...[...this.heldColumns.values()].map(({ table, column, us }) => ({ table, columns: [column], us })),
      ];
      this.heldEvents.clear();
      this.heldColumns.clear();
      for (let attempt = 1; ; attempt++) {
        try {
          await inTransaction(connection, () => this.writeSeen(connection, held));
          break;
        } catch (error) {
          if (!isWriteConflict(error) || attempt === MAX_CONFLICT_RETRIES) {
            this.holdSeen(held.map((seen) => ({ seen })));
            throw error;
          }
        }
      }
    }
  }

  private async writeSeen(connection: DuckDBConnection, held: readonly SeenTime[]): Promise<void> {
    const events = held.filter((h) => h.columns === null);
    const columns = held.filter((h) => h.columns !== null);
    if (events.length > 0) {
      await connection.run(
        `UPDATE ${this.main('fl_datasets')} AS d SET last_event_at = greatest(d.last_event_at, make_timestamp(v.us))
           FROM (SELECT unnest($1::VARCHAR[]) AS t, unnest($2::BIGINT[]) AS us) AS v WHERE d.table_name = v.t`,
        [listValue(events.map((e) => e.table)), listValue(events.map((e) => e.us))],
      );
    }
    if (columns.length > 0) {
      await connection.run(
        `UPDATE ${this.main('fl_dataset_fields')} AS f SET last_seen = greatest(f.last_seen, make_timestamp(v.us))
           FROM (SELECT unnest($1::VARCHAR[]) AS t, unnest($2::VARCHAR[]) AS c, unnest($3::BIGINT[]) AS us) AS v
          WHERE f.table_name = v.t AND f.column_name = v.c`,
        [listValue(columns.map((c) => c.table)), listValue(columns.map((c) => c.columns![0])), listValue(columns.map((c) => c.us))],
      );
    }
  }

  /** Moves the round's rows into the main file and records the round there, in one transaction. */
  async move(connection: DuckDBConnection): Promise<void> {
    if (this.movedRound >= this.round) return;
    await inTransaction(connection, async () => {
      for (const table of this.staged) {
        await connection.run(`INSERT INTO ${this.main(table)} BY NAME SELECT * FROM ${STAGING_DATABASE}.main.${table}`);
      }
      await connection.run(`DELETE FROM ${this.main(MOVED_ROUND_TABLE)}`);
      await connection.run(`INSERT INTO ${this.main(MOVED_ROUND_TABLE)} VALUES (${this.round})`);
    });
    this.movedRound = this.round;
  }

  /** Reads stop going through the views; queries that started before still may. */
  async dropViews(connection: DuckDBConnection): Promise<void> {
    this.readsThroughViews = false;
    for (const view of this.views) await connection.run(`DROP VIEW IF EXISTS ${READS_DATABASE}.main.${view}`);
    this.views = [];
  }

  /**
   * Empties the staging file once no query can read it any more, and checkpoints it: with
   * nothing in it that is quick, and its WAL never reaches DuckDB's own threshold.
   */
  async clear(connection: DuckDBConnection): Promise<void> {
    const deleted = await inTransaction(connection, async () => {
      let rows = 0;
      for (const table of this.staged) rows += Number((await connection.run(`DELETE FROM ${STAGING_DATABASE}.main.${table}`)).rowsChanged);
      return rows;
    });
    this.staged.clear();
    if (deleted > 0) await connection.run(`CHECKPOINT ${STAGING_DATABASE}`);
  }

  private main(table: string): string {
    return `"${this.mainDatabase}".main.${table}`;
  }
}

/** Every dataset table with its columns and their types, as the catalog has them. */
function datasetTables(catalog: Catalog): StagedTable[] {
  const tables: StagedTable[] = [];
  for (const env of catalog.environments.values()) {
    for (const dataset of env.datasets.values()) {
      const columns = [...dataset.columns].map(([name, seen]) => ({ name, type: SQL_TYPES[seen.type] }));
      tables.push({ table: dataset.table, columns: [{ name: 'ts', type: 'TIMESTAMP' }, { name: 'sample_rate', type: 'DOUBLE' }, ...columns] });
    }
  }
  return tables;
}

async function roundIn(connection: DuckDBConnection, table: string): Promise<number> {
  const [{ round }] = (await connection.runAndReadAll(`SELECT coalesce(max(round), 0) AS round FROM ${table}`)).getRowObjectsJS();
  return Number(round);
}

/** A file path as an SQL string literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
