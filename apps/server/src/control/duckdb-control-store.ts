// The control store on its own DuckDB file, `<dataDir>/control.duckdb`: the event store's
// file belongs to its writer connection, and keys must be readable while events pour in.
// DuckDB fsyncs its WAL on COMMIT, so a resolved write is durable.
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { KeyKind } from '../auth/key-kind.ts';
import { preparePrivateDataDir } from '../store/data-dir/private-data-dir.ts';
import { openWaitingForLock } from '../store/data-dir/wait-for-lock.ts';
import { createTables } from '../store/duckdb/create-tables.ts';
import {
  ControlStoreLockedError,
  type AuditEntry,
  type ControlSql,
  type ControlStore,
  type MarkerRange,
  type StoredApiKey,
  type StoredMarker,
} from './control-store.ts';

export const CONTROL_FILE = 'control.duckdb';

const DDL = [
  `CREATE TABLE IF NOT EXISTS fl_api_keys (
     id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
     environment VARCHAR NOT NULL, secret_hash VARCHAR NOT NULL,
     created_at_ms BIGINT NOT NULL, created_by VARCHAR NOT NULL, revoked_at_ms BIGINT)`,
  `CREATE TABLE IF NOT EXISTS fl_audit (
     at_ms BIGINT NOT NULL, environment VARCHAR NOT NULL, actor VARCHAR NOT NULL,
     action VARCHAR NOT NULL, target VARCHAR NOT NULL, detail VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS fl_markers (
     id VARCHAR PRIMARY KEY, environment VARCHAR NOT NULL, dataset VARCHAR, type VARCHAR NOT NULL,
     message VARCHAR NOT NULL, url VARCHAR, start_time DOUBLE NOT NULL, end_time DOUBLE,
     created_at_ms BIGINT NOT NULL, created_by VARCHAR NOT NULL, ledger_key VARCHAR)`,
];

const MARKER_COLUMNS = 'id, environment, dataset, type, message, url, start_time, end_time, created_at_ms, created_by, ledger_key';

function markerFromRow(row: Record<string, unknown>): StoredMarker {
  return {
    id: row.id as string,
    environment: row.environment as string,
    dataset: row.dataset as string | null,
    type: row.type as string,
    message: row.message as string,
    url: row.url as string | null,
    startTime: Number(row.start_time),
    endTime: row.end_time === null ? null : Number(row.end_time),
    createdAt: new Date(Number(row.created_at_ms)),
    createdBy: row.created_by as string,
    ledgerKey: row.ledger_key as string | null,
  };
}

/** `lockWaitMs`: how long to wait for the lock of a process that is exiting; 0 fails at once. */
export async function openDuckDbControlStore(dataDir: string, options: { lockWaitMs?: number } = {}): Promise<ControlStore> {
  const file = path.resolve(dataDir, CONTROL_FILE);
  await preparePrivateDataDir(path.dirname(file));
  let instance: DuckDBInstance;
  try {
    // A few keys and audit rows: one thread and a little memory leave the rest to events.
    instance = await openWaitingForLock(() => DuckDBInstance.create(file, { threads: '1', memory_limit: '64MB' }), options.lockWaitMs ?? 0);
  } catch (error) {
    if (/lock/i.test((error as Error).message)) throw new ControlStoreLockedError(file);
    throw new Error(`cannot open the control store ${file}: ${(error as Error).message}`, { cause: error });
  }
  const connection = await instance.connect();
  try {
    await createTables(connection, DDL);
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return new DuckDbControlStore(instance, connection);
}

class DuckDbControlStore implements ControlStore {
  /** One connection, one statement at a time: transactions must not interleave. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  keys(): Promise<StoredApiKey[]> {
    return this.serial(async () => {
      const reader = await this.connection.runAndReadAll(
        `SELECT id, name, kind, environment, secret_hash, created_at_ms, created_by, revoked_at_ms FROM fl_api_keys ORDER BY created_at_ms, id`,
      );
      return reader.getRowObjectsJS().map((row) => ({
        id: row.id as string,
        name: row.name as string,
        kind: row.kind as KeyKind,
        environment: row.environment as string,
        secretHash: row.secret_hash as string,
        createdAt: new Date(Number(row.created_at_ms)),
        createdBy: row.created_by as string,
        revokedAt: row.revoked_at_ms === null ? null : new Date(Number(row.revoked_at_ms)),
      }));
    });
  }

  insertKey(key: StoredApiKey, audit: AuditEntry): Promise<void> {
    return this.transaction(async () => {
      await this.connection.run(`INSERT INTO fl_api_keys VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)`, [
        key.id,
        key.name,
        key.kind,
        key.environment,
        key.secretHash,
        key.createdAt.getTime(),
        key.createdBy,
      ]);
      await this.insertAudit(audit);
    });
  }

  revokeKey(id: string, at: Date, audit: AuditEntry): Promise<void> {
    return this.transaction(async () => {
      await this.connection.run(`UPDATE fl_api_keys SET revoked_at_ms = $1 WHERE id = $2 AND revoked_at_ms IS NULL`, [at.getTime(), id]);
      await this.insertAudit(audit);
    });
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.serial(() => this.insertAudit(entry));
  }

  audit(environment: string, limit: number): Promise<AuditEntry[]> {
    return this.serial(async () => {
      const reader = await this.connection.runAndReadAll(
        `SELECT at_ms, environment, actor, action, target, detail FROM fl_audit WHERE environment = $1 ORDER BY at_ms DESC, rowid DESC LIMIT $2`,
        [environment, limit],
      );
      return reader.getRowObjectsJS().map((row) => ({
        at: new Date(Number(row.at_ms)),
        environment: row.environment as string,
        actor: row.actor as string,
        action: row.action as string,
        target: row.target as string,
        detail: JSON.parse(row.detail as string) as Record<string, unknown>,
      }));
    });
  }

  insertMarker(marker: StoredMarker, audit: AuditEntry | null): Promise<void> {
    return this.transaction(async () => {
      await this.connection.run(`INSERT INTO fl_markers (${MARKER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
        marker.id,
        marker.environment,
        marker.dataset,
        marker.type,
        marker.message,
        marker.url,
        marker.startTime,
        marker.endTime,
        marker.createdAt.getTime(),
        marker.createdBy,
        marker.ledgerKey,
      ]);
      if (audit) await this.insertAudit(audit);
    });
  }

  updateMarker(marker: StoredMarker, audit: AuditEntry): Promise<boolean> {
    return this.changeOne(
      `UPDATE fl_markers SET dataset = $3, type = $4, message = $5, url = $6, start_time = $7, end_time = $8 WHERE environment = $1 AND id = $2`,
      [marker.environment, marker.id, marker.dataset, marker.type, marker.message, marker.url, marker.startTime, marker.endTime],
      audit,
    );
  }

  deleteMarker(environment: string, id: string, audit: AuditEntry): Promise<boolean> {
    return this.changeOne(`DELETE FROM fl_markers WHERE environment = $1 AND id = $2`, [environment, id], audit);
  }

  markers(environment: string, range: MarkerRange): Promise<StoredMarker[]> {
    return this.serial(async () => {
      const reader = await this.connection.runAndReadAll(
        `SELECT ${MARKER_COLUMNS} FROM fl_markers
         WHERE environment = $1 AND ($2::VARCHAR IS NULL OR dataset IS NULL OR dataset = $2)
           AND ($3::DOUBLE IS NULL OR coalesce(end_time, start_time) >= $3) AND ($4::DOUBLE IS NULL OR start_time <= $4)
         ORDER BY start_time, id`,
        [environment, range.dataset ?? null, range.start ?? null, range.end ?? null],
      );
      return reader.getRowObjectsJS().map(markerFromRow);
    });
  }

  markerLedgerKeys(): Promise<string[]> {
    return this.serial(async () => {
      const reader = await this.connection.runAndReadAll(`SELECT ledger_key FROM fl_markers WHERE ledger_key IS NOT NULL`);
      return reader.getRowObjectsJS().map((row) => row.ledger_key as string);
    });
  }

  transact<T>(work: (sql: ControlSql) => Promise<T>): Promise<T> {
    const sql: ControlSql = {
      run: async (text, params = []) => (await this.connection.run(text, params as never)).rowsChanged,
      all: async (text, params = []) => (await this.connection.runAndReadAll(text, params as never)).getRowObjectsJS(),
      audit: (entry) => this.insertAudit(entry),
    };
    let answer: T;
    return this.transaction(async () => {
      answer = await work(sql);
    }).then(() => answer);
  }

  close(): Promise<void> {
    return this.serial(async () => {
      await this.connection.run('CHECKPOINT');
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }

  private async insertAudit(entry: AuditEntry): Promise<void> {
    await this.connection.run(`INSERT INTO fl_audit VALUES ($1, $2, $3, $4, $5, $6)`, [
      entry.at.getTime(),
      entry.environment,
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.detail),
    ]);
  }

  /** Runs one UPDATE/DELETE and its audit entry together; false (and no entry) when no row matched. */
  private changeOne(sql: string, params: unknown[], audit: AuditEntry): Promise<boolean> {
    let changed = false;
    return this.transaction(async () => {
      const result = await this.connection.run(sql, params as never);
      changed = result.rowsChanged > 0;
      if (changed) await this.insertAudit(audit);
    }).then(() => changed);
  }

  private transaction(work: () => Promise<void>): Promise<void> {
    return this.serial(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        await work();
        await this.connection.run('COMMIT');
      } catch (error) {
        await this.connection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
