// The control store on its own DuckDB file, `<dataDir>/control.duckdb`: the event store's
// file belongs to its writer connection, and keys must be readable while events pour in.
// DuckDB fsyncs its WAL on COMMIT, so a resolved write is durable. Statements are nodes
// printed in DuckDB's SQL; only the transaction's own statements are written here.
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  and,
  asc,
  column,
  createTable,
  deleteFrom,
  desc,
  duckDbDialect,
  eq,
  fn,
  id,
  insert,
  isNotNull,
  isNull,
  op,
  or,
  printSql,
  printStatement,
  select,
  table,
  update,
  val,
  valOrNull,
  type Expr,
  type QueryNode,
  type StatementNode,
} from '@flashlight/query';
import type { KeyKind } from '../../auth/key-kind.ts';
import { preparePrivateDataDir } from '../data-dir/private-data-dir.ts';
import { openWaitingForLock } from '../data-dir/wait-for-lock.ts';
import { createTables } from './create-tables.ts';
import {
  ControlStoreLockedError,
  type AuditEntry,
  type ControlSql,
  type ControlStore,
  type MarkerRange,
  type StoredApiKey,
  type StoredMarker,
} from '../../control/control-store.ts';

export const CONTROL_FILE = 'control.duckdb';

const KEYS = 'fl_api_keys';
const AUDIT = 'fl_audit';
const MARKERS = 'fl_markers';

const TABLES = [
  createTable(
    KEYS,
    [
      column('id', 'text', true),
      column('name', 'text', true),
      column('kind', 'text', true),
      column('environment', 'text', true),
      column('secret_hash', 'text', true),
      column('created_at_ms', 'bigint', true),
      column('created_by', 'text', true),
      column('revoked_at_ms', 'bigint'),
    ],
    ['id'],
  ),
  createTable(AUDIT, [
    column('at_ms', 'bigint', true),
    column('environment', 'text', true),
    column('actor', 'text', true),
    column('action', 'text', true),
    column('target', 'text', true),
    column('detail', 'text', true),
  ]),
  createTable(
    MARKERS,
    [
      column('id', 'text', true),
      column('environment', 'text', true),
      column('dataset', 'text'),
      column('type', 'text', true),
      column('message', 'text', true),
      column('url', 'text'),
      column('start_time', 'double', true),
      column('end_time', 'double'),
      column('created_at_ms', 'bigint', true),
      column('created_by', 'text', true),
      column('ledger_key', 'text'),
    ],
    ['id'],
  ),
];

const KEY_COLUMNS = ['id', 'name', 'kind', 'environment', 'secret_hash', 'created_at_ms', 'created_by', 'revoked_at_ms'];
const AUDIT_COLUMNS = ['at_ms', 'environment', 'actor', 'action', 'target', 'detail'];
const MARKER_COLUMNS = ['id', 'environment', 'dataset', 'type', 'message', 'url', 'start_time', 'end_time', 'created_at_ms', 'created_by', 'ledger_key'];

const columns = (names: readonly string[]) => names.map((name) => id(name));
const markerIs = (environment: string, markerId: string) => and(eq(id('environment'), val(environment)), eq(id('id'), val(markerId)));

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

/** The marker's fields that a change replaces. */
function markerFields(marker: StoredMarker): Record<string, Expr> {
  return {
    dataset: valOrNull(marker.dataset),
    type: val(marker.type),
    message: val(marker.message),
    url: valOrNull(marker.url),
    start_time: val(marker.startTime),
    end_time: valOrNull(marker.endTime),
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
    await createTables(
      connection,
      TABLES.map((node) => printStatement(node, duckDbDialect).sql),
    );
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
      const rows = await this.all(select({ columns: columns(KEY_COLUMNS), from: table(KEYS), orderBy: [asc(id('created_at_ms')), asc(id('id'))] }));
      return rows.map((row) => ({
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
      await this.run(
        insert(KEYS, [
          {
            id: val(key.id),
            name: val(key.name),
            kind: val(key.kind),
            environment: val(key.environment),
            secret_hash: val(key.secretHash),
            created_at_ms: val(key.createdAt.getTime()),
            created_by: val(key.createdBy),
          },
        ]),
      );
      await this.insertAudit(audit);
    });
  }

  revokeKey(keyId: string, at: Date, audit: AuditEntry): Promise<void> {
    return this.transaction(async () => {
      await this.run(update(KEYS, { revoked_at_ms: val(at.getTime()) }, and(eq(id('id'), val(keyId)), isNull(id('revoked_at_ms')))));
      await this.insertAudit(audit);
    });
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.serial(() => this.insertAudit(entry));
  }

  audit(environment: string, limit: number): Promise<AuditEntry[]> {
    return this.serial(async () => {
      const rows = await this.all(
        select({
          columns: columns(AUDIT_COLUMNS),
          from: table(AUDIT),
          where: eq(id('environment'), val(environment)),
          // rowid: entries of one millisecond newest first, in the order they were written.
          orderBy: [desc(id('at_ms')), desc(id('rowid'))],
          limit: val(limit),
        }),
      );
      return rows.map((row) => ({
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
      await this.run(
        insert(MARKERS, [
          {
            id: val(marker.id),
            environment: val(marker.environment),
            ...markerFields(marker),
            created_at_ms: val(marker.createdAt.getTime()),
            created_by: val(marker.createdBy),
            ledger_key: valOrNull(marker.ledgerKey),
          },
        ]),
      );
      if (audit) await this.insertAudit(audit);
    });
  }

  updateMarker(marker: StoredMarker, audit: AuditEntry): Promise<boolean> {
    return this.changeOne(update(MARKERS, markerFields(marker), markerIs(marker.environment, marker.id)), audit);
  }

  deleteMarker(environment: string, markerId: string, audit: AuditEntry): Promise<boolean> {
    return this.changeOne(deleteFrom(MARKERS, markerIs(environment, markerId)), audit);
  }

  markers(environment: string, range: MarkerRange): Promise<StoredMarker[]> {
    const conditions = [eq(id('environment'), val(environment))];
    if (range.dataset !== undefined) conditions.push(or(isNull(id('dataset')), eq(id('dataset'), val(range.dataset))));
    if (range.start !== undefined) conditions.push(op('>=', fn('coalesce', id('end_time'), id('start_time')), val(range.start)));
    if (range.end !== undefined) conditions.push(op('<=', id('start_time'), val(range.end)));
    const query = select({
      columns: columns(MARKER_COLUMNS),
      from: table(MARKERS),
      where: and(...conditions),
      orderBy: [asc(id('start_time')), asc(id('id'))],
    });
    return this.serial(async () => (await this.all(query)).map(markerFromRow));
  }

  markerLedgerKeys(): Promise<string[]> {
    return this.serial(async () => {
      const rows = await this.all(select({ columns: [id('ledger_key')], from: table(MARKERS), where: isNotNull(id('ledger_key')) }));
      return rows.map((row) => row.ledger_key as string);
    });
  }

  transact<T>(work: (sql: ControlSql) => Promise<T>): Promise<T> {
    const sql: ControlSql = {
      run: (statement) => this.run(statement),
      all: (query) => this.all(query),
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

  /** Runs a statement; answers the rows it changed. */
  private async run(statement: StatementNode): Promise<number> {
    const { sql, params } = printStatement(statement, duckDbDialect);
    return (await this.connection.run(sql, params as never)).rowsChanged;
  }

  private async all(query: QueryNode): Promise<Record<string, unknown>[]> {
    const { sql, params } = printSql(query, duckDbDialect);
    return (await this.connection.runAndReadAll(sql, params as never)).getRowObjectsJS();
  }

  private async insertAudit(entry: AuditEntry): Promise<void> {
    await this.run(
      insert(AUDIT, [
        {
          at_ms: val(entry.at.getTime()),
          environment: val(entry.environment),
          actor: val(entry.actor),
          action: val(entry.action),
          target: val(entry.target),
          detail: val(JSON.stringify(entry.detail)),
        },
      ]),
    );
  }

  /** Runs one UPDATE/DELETE and its audit entry together; false (and no entry) when no row matched. */
  private changeOne(statement: StatementNode, audit: AuditEntry): Promise<boolean> {
    let changed = false;
    return this.transaction(async () => {
      changed = (await this.run(statement)) > 0;
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
