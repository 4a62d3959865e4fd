// Each service's own embedded database (DuckDB in memory, seeded at start), with a
// client span per statement, as a database driver's instrumentation would make.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('shop-db');

export interface EmbeddedDb {
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
}

export async function openEmbeddedDb(name: string, seed: string[]): Promise<EmbeddedDb> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '64MB' });
  const connection = await instance.connect();
  for (const statement of seed) await connection.run(statement);
  const traced = <T>(sql: string, work: (c: DuckDBConnection) => Promise<T>) =>
    tracer.startActiveSpan(
      sql.split(/\s+/)[0].toUpperCase() + ' ' + name,
      { kind: SpanKind.CLIENT, attributes: { 'db.system': 'duckdb', 'db.namespace': name, 'db.query.text': sql } },
      async (span) => {
        try {
          return await work(connection);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  return {
    all: (sql, params = []) => traced(sql, async (c) => (await c.runAndReadAll(sql, params as never)).getRowObjectsJson() as never),
    run: (sql, params = []) => traced(sql, async (c) => void (await c.run(sql, params as never))),
  };
}
