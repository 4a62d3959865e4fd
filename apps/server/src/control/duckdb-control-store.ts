// The control store on its own DuckDB file, `<dataDir>/control.duckdb`: the event store's
// file belongs to its writer connection, and keys must be readable while events pour in.
// DuckDB fsyncs its WAL on COMMIT, so a resolved write is durable.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { KeyKind } from '../auth/key-kind.ts';
import { ControlStoreLockedError, type AuditEntry, type ControlStore, type StoredApiKey } from './control-store.ts';

export const CONTROL_FILE = 'control.duckdb';

const DDL = [
  `CREATE TABLE IF NOT EXISTS fl_api_keys (
     id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
     environment VARCHAR NOT NULL, secret_hash VARCHAR NOT NULL,
     created_at_ms BIGINT NOT NULL, created_by VARCHAR NOT NULL, revoked_at_ms BIGINT)`,
  `CREATE TABLE IF NOT EXISTS fl_audit (
     at_ms BIGINT NOT NULL, environment VARCHAR NOT NULL, actor VARCHAR NOT NULL,
     action VARCHAR NOT NULL, target VARCHAR NOT NULL, detail VARCHAR NOT NULL)`,
];

export async function openDuckDbControlStore(dataDir: string): Promise<ControlStore> {
  const file = path.resolve(dataDir, CONTROL_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  let instance: DuckDBInstance;
  try {
    // A few keys and audit rows: one thread and a little memory leave the rest to events.
    instance = await DuckDBInstance.create(file, { threads: '1', memory_limit: '64MB' });
  } catch (error) {
    if (/lock/i.test((error as Error).message)) throw new ControlStoreLockedError(file);
    throw new Error(`cannot open the control store ${file}: ${(error as Error).message}`);
  }
  const connection = await instance.connect();
  try {
    for (const ddl of DDL) await connection.run(ddl);
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
      await this.connection.run(
        `INSERT INTO fl_api_keys VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)`,
        [key.id, key.name, key.kind, key.environment, key.secretHash, key.createdAt.getTime(), key.createdBy],
      );
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
        `SELECT at_ms, environment, actor, action, target, detail FROM fl_audit WHERE environment = $1 ORDER BY at_ms DESC LIMIT $2`,
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
