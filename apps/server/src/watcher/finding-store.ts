// Where findings and the rules that quiet them live: tables of their own in the control
// database, reached through ControlStore.transact as statement nodes.
import { randomBytes } from 'node:crypto';
import { and, column, createTable, deleteFrom, desc, eq, id, insert, op, select, star, table, update, val, valOrNull, type Expr } from '@flashlight/query';
import type { AuditEntry, ControlSql, ControlStore } from '../control/control-store.ts';
import type { Finding, FindingKind, FindingQuietRule } from '@flashlight/api';
import type { OpenFinding } from './merge-findings.ts';

const FINDINGS = 'fl_findings';
const QUIET = 'fl_finding_quiet';

const TABLES = [
  createTable(
    FINDINGS,
    [
      column('id', 'text', true),
      column('environment', 'text', true),
      column('state', 'text', true),
      column('updated_at_s', 'bigint', true),
      column('body', 'text', true),
      // Windows in a row each open change has been calm: what recovery is judged by, kept across restarts.
      column('calm', 'text', true),
    ],
    ['id'],
  ),
  createTable(
    QUIET,
    [
      column('id', 'text', true),
      column('environment', 'text', true),
      column('kind', 'text', true),
      column('dataset', 'text'),
      column('name', 'text'),
      column('reason', 'text', true),
      column('until_s', 'bigint'),
      column('created_by', 'text', true),
    ],
    ['id'],
  ),
];

const is = (name: string, value: string): Expr => eq(id(name), val(value));

export const newFindingId = () => randomBytes(8).toString('hex');

export class FindingStore {
  private constructor(private readonly control: ControlStore) {}

  static async open(control: ControlStore): Promise<FindingStore> {
    await control.transact(async (sql) => {
      for (const node of TABLES) await sql.run(node);
    });
    return new FindingStore(control);
  }

  /** One environment's open findings, with their calm counts. */
  async openFindings(environment: string): Promise<OpenFinding[]> {
    const rows = await this.control.transact((sql) =>
      sql.all(select({ columns: [id('body'), id('calm')], from: table(FINDINGS), where: and(is('environment', environment), is('state', 'open')) })),
    );
    return rows.map((row) => ({ finding: JSON.parse(row.body as string), calm: JSON.parse(row.calm as string) }));
  }

  /** One environment's findings updated at or after `since` (unix seconds), newest first. */
  async list(environment: string, since: number, state?: Finding['state']): Promise<Finding[]> {
    const where = and(is('environment', environment), op('>=', id('updated_at_s'), val(since)), ...(state ? [is('state', state)] : []));
    const rows = await this.control.transact((sql) =>
      sql.all(select({ columns: [id('body')], from: table(FINDINGS), where, orderBy: [desc(id('updated_at_s'))] })),
    );
    return rows.map((row) => JSON.parse(row.body as string) as Finding).sort((a, b) => b.since - a.since || b.opened_at - a.opened_at);
  }

  get(environment: string, findingId: string): Promise<Finding | undefined> {
    return this.control.transact((sql) => stored(sql, environment, findingId));
  }

  /**
   * Stores the findings (with their calm counts while open) in one transaction, with audit
   * entries. A finding someone marked expected stays marked: the watcher saves what it read
   * before its evaluation began, and a mark may have come since.
   */
  save(environment: string, findings: ReadonlyArray<{ finding: Finding; calm?: Record<string, number> }>, audit: readonly AuditEntry[] = []): Promise<void> {
    if (findings.length === 0 && audit.length === 0) return Promise.resolve();
    return this.control.transact(async (sql) => {
      for (const { finding, calm } of findings) {
        const expected = finding.expected || ((await stored(sql, environment, finding.id))?.expected ?? false);
        const row = {
          id: val(finding.id),
          environment: val(environment),
          state: val(finding.state),
          updated_at_s: val(Math.floor(finding.updated_at)),
          body: val(JSON.stringify({ ...finding, expected })),
          calm: val(JSON.stringify(calm ?? {})),
        };
        await sql.run(insert(FINDINGS, [row], { replace: true }));
      }
      for (const entry of audit) await sql.audit(entry);
    });
  }

  /**
   * Marks a finding expected and adds the rules that quiet its kinds of change, in one
   * transaction: the finding as stored then is the one marked, whatever an evaluation saved
   * just before. Undefined (and nothing stored) when the environment has no such finding.
   */
  markExpected(environment: string, findingId: string, rulesFor: (finding: Finding) => FindingQuietRule[], audit: AuditEntry): Promise<Finding | undefined> {
    return this.control.transact(async (sql) => {
      const finding = await stored(sql, environment, findingId);
      if (!finding) return undefined;
      const marked = { ...finding, expected: true };
      await sql.run(update(FINDINGS, { body: val(JSON.stringify(marked)) }, and(is('environment', environment), is('id', findingId))));
      await insertRules(sql, environment, rulesFor(finding));
      await sql.audit(audit);
      return marked;
    });
  }

  async quietRules(environment: string): Promise<FindingQuietRule[]> {
    const rows = await this.control.transact((sql) => sql.all(select({ columns: [star()], from: table(QUIET), where: is('environment', environment) })));
    return rows.map((row) => ({
      id: row.id as string,
      kind: row.kind as FindingKind,
      dataset: (row.dataset as string | null) ?? null,
      name: (row.name as string | null) ?? null,
      reason: row.reason as FindingQuietRule['reason'],
      until: row.until_s === null ? null : Number(row.until_s),
      created_by: row.created_by as string,
    }));
  }

  addQuietRules(environment: string, rules: readonly FindingQuietRule[], audit: AuditEntry): Promise<void> {
    return this.control.transact(async (sql) => {
      await insertRules(sql, environment, rules);
      await sql.audit(audit);
    });
  }

  /** False (and no audit entry) when the environment has no such rule. */
  removeQuietRule(environment: string, ruleId: string, audit: AuditEntry): Promise<boolean> {
    return this.control.transact(async (sql) => {
      if ((await sql.run(deleteFrom(QUIET, and(is('environment', environment), is('id', ruleId))))) === 0) return false;
      await sql.audit(audit);
      return true;
    });
  }
}

async function stored(sql: ControlSql, environment: string, findingId: string): Promise<Finding | undefined> {
  const rows = await sql.all(select({ columns: [id('body')], from: table(FINDINGS), where: and(is('environment', environment), is('id', findingId)) }));
  return rows.length === 0 ? undefined : (JSON.parse(rows[0].body as string) as Finding);
}

async function insertRules(sql: ControlSql, environment: string, rules: readonly FindingQuietRule[]): Promise<void> {
  for (const rule of rules) {
    await sql.run(
      insert(QUIET, [
        {
          id: val(rule.id),
          environment: val(environment),
          kind: val(rule.kind),
          dataset: valOrNull(rule.dataset),
          name: valOrNull(rule.name),
          reason: val(rule.reason),
          until_s: valOrNull(rule.until),
          created_by: val(rule.created_by),
        },
      ]),
    );
  }
}

/** Whether a rule quiets this kind of change at this place now (unix seconds). */
export function isQuieted(rules: readonly FindingQuietRule[], change: { kind: FindingKind; dataset: string; name: string | null }, now: number): boolean {
  return rules.some(
    (rule) =>
      rule.kind === change.kind &&
      (rule.until === null || rule.until > now) &&
      (rule.dataset === null || rule.dataset === change.dataset) &&
      (rule.name === null || rule.name === change.name),
  );
}
