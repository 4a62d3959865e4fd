// Where triggers, SLOs, their alert states, webhook deliveries and SLO minute counts live:
// tables of their own in the control database, reached through ControlStore.transact.
import { randomBytes } from 'node:crypto';
import { and, asc, column, createTable, deleteFrom, desc, eq, id, insert, op, select, star, table, val, valOrNull, type Expr } from '@flashlight/query';
import type { AuditEntry, ControlSql, ControlStore } from '../control/control-store.ts';
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

const ITEMS = 'fl_alert_items';
const STATES = 'fl_alert_states';
const DELIVERIES = 'fl_alert_deliveries';
const SLO_MINUTES = 'fl_slo_minutes';
const SLO_PROGRESS = 'fl_slo_progress';

const TABLES = [
  createTable(
    ITEMS,
    [
      column('id', 'text', true),
      column('kind', 'text', true),
      column('environment', 'text', true),
      column('body', 'text', true),
      column('created_at_ms', 'bigint', true),
      column('created_by', 'text', true),
    ],
    ['id'],
  ),
  createTable(
    STATES,
    [column('item_id', 'text', true), column('group_key', 'text', true), column('state', 'text', true), column('changed_at_ms', 'bigint', true)],
    ['item_id', 'group_key'],
  ),
  createTable(DELIVERIES, [
    column('item_id', 'text', true),
    column('environment', 'text', true),
    column('at_ms', 'bigint', true),
    column('url', 'text', true),
    column('attempt', 'bigint', true),
    column('status', 'bigint'),
    column('error', 'text'),
    column('event', 'text', true),
  ]),
  createTable(
    SLO_MINUTES,
    [column('slo_id', 'text', true), column('minute_s', 'bigint', true), column('good', 'double', true), column('total', 'double', true)],
    ['slo_id', 'minute_s'],
  ),
  createTable(SLO_PROGRESS, [column('slo_id', 'text', true), column('done_until_s', 'bigint', true)], ['slo_id']),
];

const is = (name: string, value: string): Expr => eq(id(name), val(value));

const MINUTES_PER_INSERT = 500;

export function newAlertItemId(): string {
  return randomBytes(8).toString('hex');
}

export class AlertStore {
  private constructor(private readonly control: ControlStore) {}

  static async open(control: ControlStore): Promise<AlertStore> {
    await control.transact(async (sql) => {
      for (const node of TABLES) await sql.run(node);
    });
    return new AlertStore(control);
  }

  /** Every item of the kind, of every environment when none is given, oldest first. */
  async items<K extends AlertKind>(kind: K, environment?: string): Promise<StoredAlertItem<K>[]> {
    const where = environment === undefined ? is('kind', kind) : and(is('kind', kind), is('environment', environment));
    const rows = await this.control.transact((sql) =>
      sql.all(
        select({
          columns: ['id', 'kind', 'environment', 'body', 'created_at_ms', 'created_by'].map((name) => id(name)),
          from: table(ITEMS),
          where,
          orderBy: [asc(id('created_at_ms')), asc(id('id'))],
        }),
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

  async item<K extends AlertKind>(kind: K, environment: string, itemId: string): Promise<StoredAlertItem<K> | undefined> {
    return (await this.items(kind, environment)).find((item) => item.id === itemId);
  }

  /** Inserts or replaces the item with its audit entry; replacing forgets its alert states and SLO counts. */
  put(item: StoredAlertItem, audit: AuditEntry): Promise<void> {
    return this.control.transact(async (sql) => {
      await this.forget(sql, item.id);
      await sql.run(deleteFrom(ITEMS, is('id', item.id)));
      await sql.run(
        insert(ITEMS, [
          {
            id: val(item.id),
            kind: val(item.kind),
            environment: val(item.environment),
            body: val(JSON.stringify(item.body)),
            created_at_ms: val(item.createdAt.getTime()),
            created_by: val(item.createdBy),
          },
        ]),
      );
      await sql.audit(audit);
    });
  }

  /** False (and no audit entry) when the environment has no such item. */
  remove(kind: AlertKind, environment: string, itemId: string, audit: AuditEntry): Promise<boolean> {
    return this.control.transact(async (sql) => {
      const removed = await sql.run(deleteFrom(ITEMS, and(is('kind', kind), is('environment', environment), is('id', itemId))));
      if (removed === 0) return false;
      await this.forget(sql, itemId);
      await sql.audit(audit);
      return true;
    });
  }

  /** Alert state per group of the item, e.g. `{"[\"eu\"]": "triggered"}`. */
  async states(itemId: string): Promise<Map<string, string>> {
    const rows = await this.control.transact((sql) =>
      sql.all(select({ columns: [id('group_key'), id('state')], from: table(STATES), where: is('item_id', itemId) })),
    );
    return new Map(rows.map((row) => [row.group_key as string, row.state as string]));
  }

  setStates(itemId: string, changes: ReadonlyMap<string, string>, at: Date): Promise<void> {
    if (changes.size === 0) return Promise.resolve();
    return this.control.transact(async (sql) => {
      for (const [group, state] of changes) {
        const row = { item_id: val(itemId), group_key: val(group), state: val(state), changed_at_ms: val(at.getTime()) };
        await sql.run(insert(STATES, [row], { replace: true }));
      }
    });
  }

  appendDelivery(delivery: Delivery): Promise<void> {
    return this.control.transact(async (sql) => {
      await sql.run(
        insert(DELIVERIES, [
          {
            item_id: val(delivery.itemId),
            environment: val(delivery.environment),
            at_ms: val(delivery.at.getTime()),
            url: val(delivery.url),
            attempt: val(delivery.attempt),
            status: valOrNull(delivery.status),
            error: valOrNull(delivery.error),
            event: val(delivery.event),
          },
        ]),
      );
    });
  }

  /** The newest attempts first. */
  async deliveries(environment: string, itemId: string, limit: number): Promise<Delivery[]> {
    const rows = await this.control.transact((sql) =>
      sql.all(
        select({
          columns: [star()],
          from: table(DELIVERIES),
          where: and(is('environment', environment), is('item_id', itemId)),
          orderBy: [desc(id('at_ms')), desc(id('attempt'))],
          limit: val(limit),
        }),
      ),
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
    const rows = await this.control.transact((sql) =>
      sql.all(select({ columns: [id('done_until_s')], from: table(SLO_PROGRESS), where: is('slo_id', sloId) })),
    );
    return rows.length === 0 ? null : Number(rows[0].done_until_s);
  }

  /** Stores (or restates) minute counts and moves the progress mark, dropping minutes older than `keepFrom`. */
  saveSloMinutes(sloId: string, minutes: readonly MinuteCount[], doneUntil: number, keepFrom: number): Promise<void> {
    return this.control.transact(async (sql) => {
      // Many rows per statement: a first count backfills a whole window of minutes.
      for (let i = 0; i < minutes.length; i += MINUTES_PER_INSERT) {
        const rows = minutes
          .slice(i, i + MINUTES_PER_INSERT)
          .map((m) => ({ slo_id: val(sloId), minute_s: val(m.minute), good: val(m.good), total: val(m.total) }));
        await sql.run(insert(SLO_MINUTES, rows, { replace: true }));
      }
      await sql.run(insert(SLO_PROGRESS, [{ slo_id: val(sloId), done_until_s: val(doneUntil) }], { replace: true }));
      await sql.run(deleteFrom(SLO_MINUTES, and(is('slo_id', sloId), op('<', id('minute_s'), val(keepFrom)))));
    });
  }

  /** The SLO's minute counts from `from` (unix seconds) on, oldest first. */
  async sloMinutes(sloId: string, from: number): Promise<MinuteCount[]> {
    const rows = await this.control.transact((sql) =>
      sql.all(
        select({
          columns: [id('minute_s'), id('good'), id('total')],
          from: table(SLO_MINUTES),
          where: and(is('slo_id', sloId), op('>=', id('minute_s'), val(from))),
          orderBy: [asc(id('minute_s'))],
        }),
      ),
    );
    return rows.map((row) => ({ minute: Number(row.minute_s), good: Number(row.good), total: Number(row.total) }));
  }

  private async forget(sql: ControlSql, itemId: string): Promise<void> {
    await sql.run(deleteFrom(STATES, is('item_id', itemId)));
    await sql.run(deleteFrom(SLO_MINUTES, is('slo_id', itemId)));
    await sql.run(deleteFrom(SLO_PROGRESS, is('slo_id', itemId)));
  }
}
