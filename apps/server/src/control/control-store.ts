// Control-plane storage: API keys and the audit log, apart from the event store so that
// either can move to another engine (DuckDB today, ClickHouse later) on its own.
import type { QueryNode, StatementNode } from '@flashlight/query';
import type { KeyKind } from '../auth/key-kind.ts';

/** An API key as stored: never the secret itself, only its SHA-256. */
export interface StoredApiKey {
  /** Public prefix id, also part of the key text. */
  id: string;
  name: string;
  kind: KeyKind;
  environment: string;
  /** Hex SHA-256 of the whole key text. */
  secretHash: string;
  createdAt: Date;
  /** Who created it, e.g. `key:ab12cd34` or `cli`. */
  createdBy: string;
  revokedAt: Date | null;
}

/** One change to the control plane: who did what to which thing, and when. */
export interface AuditEntry {
  at: Date;
  environment: string;
  actor: string;
  /** e.g. `key.create`, `key.revoke`; later `trigger.update`, `marker.create`. */
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/** A marker on the timeline: a deploy, a flag change, a config change; a line or a band. */
export interface StoredMarker {
  id: string;
  environment: string;
  /** null: the marker is for every dataset of the environment. */
  dataset: string | null;
  type: string;
  message: string;
  url: string | null;
  /** Unix seconds. */
  startTime: number;
  endTime: number | null;
  createdAt: Date;
  createdBy: string;
  /** What the change ledger keyed it by, e.g. `prod\u0000version\u0000orders\u00002.4.0`; null when made by hand. */
  ledgerKey: string | null;
}

export interface MarkerRange {
  dataset?: string;
  /** Unix seconds: markers overlapping [start, end]. */
  start?: number;
  end?: number;
}

/**
 * Statements on the control database, for parts that keep tables of their own (alerts,
 * SLOs, boards): node trees, which the control store prints in its engine's SQL.
 */
export interface ControlSql {
  /** Runs a statement; answers the rows it changed. */
  run(statement: StatementNode): Promise<number>;
  all(query: QueryNode): Promise<Record<string, unknown>[]>;
  audit(entry: AuditEntry): Promise<void>;
}

export interface ControlStore {
  /** Every key, revoked ones included; the key ring holds them in memory. */
  keys(): Promise<StoredApiKey[]>;
  /** Stores the key and its audit entry in one transaction; durable when it resolves. */
  insertKey(key: StoredApiKey, audit: AuditEntry): Promise<void>;
  /** Marks the key revoked and records the audit entry in one transaction. */
  revokeKey(id: string, at: Date, audit: AuditEntry): Promise<void>;
  appendAudit(entry: AuditEntry): Promise<void>;
  /** The newest entries of one environment first. */
  audit(environment: string, limit: number): Promise<AuditEntry[]>;
  /** Stores the marker and, for a change made by someone, its audit entry in one transaction. */
  insertMarker(marker: StoredMarker, audit: AuditEntry | null): Promise<void>;
  /** Replaces the marker's fields; false when the environment has no such marker. */
  updateMarker(marker: StoredMarker, audit: AuditEntry): Promise<boolean>;
  deleteMarker(environment: string, id: string, audit: AuditEntry): Promise<boolean>;
  /** One environment's markers, oldest first; a dataset's list includes environment-wide ones. */
  markers(environment: string, range: MarkerRange): Promise<StoredMarker[]>;
  /** Every ledger key of every environment, so the change ledger records each change once. */
  markerLedgerKeys(): Promise<string[]>;
  /** Runs `work` alone on the control database in one transaction, rolled back if it throws. */
  transact<T>(work: (sql: ControlSql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Another process (a running server) holds the control store. */
export class ControlStoreLockedError extends Error {
  constructor(readonly file: string) {
    super(`${file} is in use by a running Flashlight server; stop it, or talk to it with --url and an admin key`);
    this.name = 'ControlStoreLockedError';
  }
}
