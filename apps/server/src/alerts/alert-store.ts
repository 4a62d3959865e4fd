// Where triggers, SLOs, their alert states, webhook deliveries and SLO minute counts live:
// tables of their own in the control database, reached through ControlStore.transact.
import { randomBytes } from 'node:crypto';
import type { AuditEntry, ControlStore } from '../control/control-store.ts';
import type { SloInput, TriggerInput } from '@flashlight/api';

export type AlertKind = 'trigger' | 'slo';

export interface StoredAlertItem<K extends AlertKind = AlertKind> {
  kind: K;
  id: string;
  environment: string;
  body: K extends 'trigger' ? TriggerInput : SloInput;
  createdAt: Date;
  createdBy: string;
}

/** One attempt to deliver one notification to one webhook. */
export interface Delivery {
  itemId: string;
  environment: string;
  at: Date;
  url: string;
  attempt: number;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  error: string | null;
  /** e.g. `triggered`, `ok`, `fast_burn`. */
  event: string;
}

export interface MinuteCount {
  /** Unix seconds of the minute's start. */
  minute: number;
  good: number;
  total: number;
}

const DDL = [
  `CREATE TABLE IF NOT EXISTS fl_alert_items (
     id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, environment VARCHAR NOT NULL, body VARCHAR NOT NULL,
     created_at_ms BIGINT NOT NULL, created_by VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS fl_alert_states (
     item_id VARCHAR NOT NULL, group_key VARCHAR NOT NULL, state VARCHAR NOT NULL, changed_at_ms BIGINT NOT NULL,
     PRIMARY KEY (item_id, group_key))`,
  `CREATE TABLE IF NOT EXISTS fl_alert_deliveries (
     item_id VARCHAR NOT NULL, environment VARCHAR NOT NULL, at_ms BIGINT NOT NULL, url VARCHAR NOT NULL,
     attempt INTEGER NOT NULL, status INTEGER, error VARCHAR, event VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS fl_slo_minutes (
     slo_id VARCHAR NOT NULL, minute_s BIGINT NOT NULL, good DOUBLE NOT NULL, total DOUBLE NOT NULL,
     PRIMARY KEY (slo_id, minute_s))`,
  `CREATE TABLE IF NOT EXISTS fl_slo_progress (slo_id VARCHAR PRIMARY KEY, done_until_s BIGINT NOT NULL)`,
];

const MINUTES_PER_INSERT = 500;

export function newAlertItemId(): string {
  return randomBytes(8).toString('hex');
}

export class AlertStore {
  private constructor(private readonly control: ControlStore) {}

  static async open(control: ControlStore): Promise<AlertStore> {
    await control.transact(async (sql) => {
      for (const ddl of DDL) await sql.run(ddl);
    });
    return new AlertStore(control);
  }

  /** Every item of the kind, of every environment when none is given, oldest first. */
  async items<K extends AlertKind>(kind: K, environment?: string): Promise<StoredAlertItem<K>[]> {
    const rows = await this.control.transact((sql) =>
      sql.all(
        `SELECT id, kind, environment, body, created_at_ms, created_by FROM fl_alert_items
         WHERE kind = $1 AND ($2::VARCHAR IS NULL OR environment = $2) ORDER BY created_at_ms, id`,
        [kind, environment ?? null],
      ),
    );
    return rows.map((row) => ({
      kind,
      id: row.id as string,
      environment: row.environment as string,
      body: JSON.parse(row.body as string),
      createdAt: new Date(Number(row.created_at_ms)),
      createdBy: row.created_by as string,
    }));
  }

  async item<K extends AlertKind>(kind: K, environment: string, id: string): Promise<StoredAlertItem<K> | undefined> {
    return (await this.items(kind, environment)).find((item) => item.id === id);
  }

  /** Inserts or replaces the item with its audit entry; replacing forgets its alert states and SLO counts. */
  put(item: StoredAlertItem, audit: AuditEntry): Promise<void> {
    return this.control.transact(async (sql) => {
      await this.forget(sql.run, item.id);
      await sql.run(`DELETE FROM fl_alert_items WHERE id = $1`, [item.id]);
      await sql.run(`INSERT INTO fl_alert_items VALUES ($1, $2, $3, $4, $5, $6)`, [
        item.id,
        item.kind,
        item.environment,
        JSON.stringify(item.body),
        item.createdAt.getTime(),
        item.createdBy,
      ]);
      await sql.audit(audit);
    });
  }

  /** False (and no audit entry) when the environment has no such item. */
  remove(kind: AlertKind, environment: string, id: string, audit: AuditEntry): Promise<boolean> {
    return this.control.transact(async (sql) => {
      const removed = await sql.run(`DELETE FROM fl_alert_items WHERE kind = $1 AND environment = $2 AND id = $3`, [kind, environment, id]);
      if (removed === 0) return false;
      await this.forget(sql.run, id);
      await sql.audit(audit);
      return true;
    });
  }

  /** Alert state per group of the item, e.g. `{"[\"eu\"]": "triggered"}`. */
  async states(itemId: string): Promise<Map<string, string>> {
    const rows = await this.control.transact((sql) => sql.all(`SELECT group_key, state FROM fl_alert_states WHERE item_id = $1`, [itemId]));
    return new Map(rows.map((row) => [row.group_key as string, row.state as string]));
  }

  setStates(itemId: string, changes: ReadonlyMap<string, string>, at: Date): Promise<void> {
    if (changes.size === 0) return Promise.resolve();
    return this.control.transact(async (sql) => {
      for (const [group, state] of changes) {
        await sql.run(`INSERT OR REPLACE INTO fl_alert_states VALUES ($1, $2, $3, $4)`, [itemId, group, state, at.getTime()]);
      }
    });
  }

  appendDelivery(delivery: Delivery): Promise<void> {
    return this.control.transact(async (sql) => {
      await sql.run(`INSERT INTO fl_alert_deliveries VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        delivery.itemId,
        delivery.environment,
        delivery.at.getTime(),
        delivery.url,
        delivery.attempt,
        delivery.status,
        delivery.error,
        delivery.event,
      ]);
    });
  }

  /** The newest attempts first. */
  async deliveries(environment: string, itemId: string, limit: number): Promise<Delivery[]> {
    const rows = await this.control.transact((sql) =>
      sql.all(`SELECT * FROM fl_alert_deliveries WHERE environment = $1 AND item_id = $2 ORDER BY at_ms DESC, attempt DESC LIMIT $3`, [
        environment,
        itemId,
        limit,
      ]),
    );
    return rows.map((row) => ({
      itemId: row.item_id as string,
      environment: row.environment as string,
      at: new Date(Number(row.at_ms)),
      url: row.url as string,
      attempt: Number(row.attempt),
      status: row.status === null ? null : Number(row.status),
      error: row.error as string | null,
      event: row.event as string,
    }));
  }

  /** Unix seconds up to which the SLO's minutes are counted; null before its first count. */
  async sloProgress(sloId: string): Promise<number | null> {
    const rows = await this.control.transact((sql) => sql.all(`SELECT done_until_s FROM fl_slo_progress WHERE slo_id = $1`, [sloId]));
    return rows.length === 0 ? null : Number(rows[0].done_until_s);
  }

  /** Stores (or restates) minute counts and moves the progress mark, dropping minutes older than `keepFrom`. */
  saveSloMinutes(sloId: string, minutes: readonly MinuteCount[], doneUntil: number, keepFrom: number): Promise<void> {
    return this.control.transact(async (sql) => {
      // Many rows per statement: a first count backfills a whole window of minutes.
      for (let i = 0; i < minutes.length; i += MINUTES_PER_INSERT) {
        const rows = minutes.slice(i, i + MINUTES_PER_INSERT);
        const values = rows.map((_, r) => `($1, $${r * 3 + 2}, $${r * 3 + 3}, $${r * 3 + 4})`).join(', ');
        await sql.run(`INSERT OR REPLACE INTO fl_slo_minutes VALUES ${values}`, [sloId, ...rows.flatMap((m) => [m.minute, m.good, m.total])]);
      }
      await sql.run(`INSERT OR REPLACE INTO fl_slo_progress VALUES ($1, $2)`, [sloId, doneUntil]);
      await sql.run(`DELETE FROM fl_slo_minutes WHERE slo_id = $1 AND minute_s < $2`, [sloId, keepFrom]);
    });
  }

  /** The SLO's minute counts from `from` (unix seconds) on, oldest first. */
  async sloMinutes(sloId: string, from: number): Promise<MinuteCount[]> {
    const rows = await this.control.transact((sql) =>
      sql.all(`SELECT minute_s, good, total FROM fl_slo_minutes WHERE slo_id = $1 AND minute_s >= $2 ORDER BY minute_s`, [sloId, from]),
    );
    return rows.map((row) => ({ minute: Number(row.minute_s), good: Number(row.good), total: Number(row.total) }));
  }

  private async forget(run: (sql: string, params?: readonly unknown[]) => Promise<number>, itemId: string): Promise<void> {
    await run(`DELETE FROM fl_alert_states WHERE item_id = $1`, [itemId]);
    await run(`DELETE FROM fl_slo_minutes WHERE slo_id = $1`, [itemId]);
    await run(`DELETE FROM fl_slo_progress WHERE slo_id = $1`, [itemId]);
  }
}
