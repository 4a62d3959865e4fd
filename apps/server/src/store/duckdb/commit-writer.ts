// Writes one commit plan in one transaction on the writer connection: schema changes and
// catalog rows, the events, the trace index. DuckDB fsyncs its WAL on COMMIT, so once
// this resolves the events are durable; on any error nothing of the plan remains.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CommitPlan, TableWrite } from './commit-plan.ts';
import { schemaStatements } from './schema-changes.ts';
import { appendColumns, columnKind, type AppendColumn } from './table-appender.ts';
import { TRACE_INDEX_TABLE } from './catalog-tables.ts';

export async function writeCommitPlan(writer: DuckDBConnection, plan: CommitPlan): Promise<void> {
  await writer.run('BEGIN TRANSACTION');
  try {
    for (const statement of schemaStatements(plan)) await writer.run(statement.sql, statement.params);
    for (const write of plan.writes) await appendTable(writer, write.dataset.table, write.rowCount, tableColumns(plan, write));
    if (plan.traces.length > 0) await appendTable(writer, TRACE_INDEX_TABLE, plan.traces.length, traceIndexColumns(plan));
    await writer.run('COMMIT');
  } catch (error) {
    // A failed COMMIT has already rolled back; ROLLBACK then has nothing to undo.
    await writer.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function appendTable(writer: DuckDBConnection, table: string, rowCount: number, columns: AppendColumn[]) {
  const appender = await writer.createAppender(table);
  try {
    appendColumns(appender, rowCount, columns);
  } finally {
    // Closing flushes the rows into the open transaction.
    appender.closeSync();
  }
}

function tableColumns(plan: CommitPlan, write: TableWrite): AppendColumn[] {
  const typeByColumn = new Map<string, AppendColumn['kind']>();
  for (const field of plan.draft.environment(write.environment).fields.values()) {
    typeByColumn.set(field.column, columnKind(field.type));
  }
  const columns: AppendColumn[] = [
    { kind: 'timestamp', values: write.timeUs },
    { kind: 'double', values: write.sampleRate },
  ];
  for (const column of write.dataset.columns.keys()) {
    columns.push({ kind: typeByColumn.get(column)!, values: write.values.get(column) ?? [] });
  }
  return columns;
}

function traceIndexColumns(plan: CommitPlan): AppendColumn[] {
  const { traces } = plan;
  return [
    { kind: 'varchar', values: traces.map((t) => t.environment) },
    { kind: 'varchar', values: traces.map((t) => t.traceId) },
    { kind: 'varchar', values: traces.map((t) => t.table) },
    { kind: 'int64', values: traces.map((t) => t.minTimeUs) },
    { kind: 'int64', values: traces.map((t) => t.maxTimeUs) },
  ];
}
