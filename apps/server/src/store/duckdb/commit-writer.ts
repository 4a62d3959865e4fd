// Prepares a commit plan as data chunks, then writes it in one transaction on a writer
// connection: schema changes and catalog rows, the events, the trace index. DuckDB
// fsyncs its WAL on every COMMIT (one fsync of the .wal per commit, as strace shows; no
// setting turns it off), so once `writeCommit` resolves the events are durable; on any
// error nothing of the plan remains.
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import type { CommitPlan, TableWrite } from '../commit-plan.ts';
import { schemaStatements, type SqlStatement } from './schema-changes.ts';
import { buildChunks, columnKind, type AppendColumn } from './table-chunks.ts';
import { traceIndexChunks } from './trace-index.ts';
import { inTransaction } from './transaction.ts';

export interface PreparedCommit {
  plan: CommitPlan;
  statements: SqlStatement[];
  /**
   * Whether it changes tables or catalog entries that commits planned after it rely on:
   * such a commit must not overlap any other.
   */
  changesSchema: boolean;
  chunks: { table: string; chunks: DuckDBDataChunk[] }[];
}

/** Must run before the plan's draft is adopted: the statements are what it changes. */
export function prepareCommit(plan: CommitPlan): PreparedCommit {
  const chunks = plan.writes.map((write) => ({
    table: write.dataset.table,
    chunks: buildChunks(write.rowCount, tableColumns(plan, write)),
  }));
  chunks.push(...traceIndexChunks(plan.traces));
  const statements = schemaStatements(plan);
  return { plan, statements, changesSchema: statements.some((s) => !s.seen), chunks };
}

export async function writeCommit(writer: DuckDBConnection, prepared: PreparedCommit): Promise<void> {
  await inTransaction(writer, async () => {
    for (const statement of prepared.statements) await writer.run(statement.sql, statement.params);
    await appendChunks(writer, prepared.chunks);
  });
}

/** Appends the chunks to their tables, in the main file or in the attached `database`. */
export async function appendChunks(writer: DuckDBConnection, chunks: PreparedCommit['chunks'], database?: string): Promise<void> {
  for (const { table, chunks: tableChunks } of chunks) {
    const appender = await writer.createAppender(table, 'main', database);
    try {
      for (const chunk of tableChunks) appender.appendDataChunk(chunk);
    } finally {
      // Closing flushes the rows into the open transaction.
      appender.closeSync();
    }
  }
}

function tableColumns(plan: CommitPlan, write: TableWrite): AppendColumn[] {
  const columns: AppendColumn[] = [
    { kind: 'timestamp', values: write.timeUs },
    { kind: 'double', values: write.sampleRate },
  ];
  for (const [column, seen] of write.dataset.columns) {
    columns.push({ kind: columnKind(seen.type), values: write.values.get(column) ?? [] });
  }
  return columns;
}
