// Boards in the control store, in a table of their own (`fl_boards`), each change in the
// same transaction as its audit entry. Values only ever enter SQL as parameters.
import { randomBytes } from 'node:crypto';
import type { AuditEntry, ControlStore, ControlSql } from '../control/control-store.ts';
import type { Board, BoardInput } from '@flashlight/api';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS fl_boards (
  id VARCHAR PRIMARY KEY, environment VARCHAR NOT NULL, body VARCHAR NOT NULL,
  created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, created_by VARCHAR NOT NULL)`;

export class BoardStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly control: ControlStore) {}

  async list(environment: string): Promise<Board[]> {
    const rows = await this.transact((sql) => sql.all('SELECT * FROM fl_boards WHERE environment = $1 ORDER BY created_at', [environment]));
    return rows.map(boardOf);
  }

  async get(environment: string, id: string): Promise<Board | undefined> {
    const rows = await this.transact((sql) => sql.all('SELECT * FROM fl_boards WHERE environment = $1 AND id = $2', [environment, id]));
    return rows.length > 0 ? boardOf(rows[0]) : undefined;
  }

  async create(environment: string, input: BoardInput, actor: string): Promise<Board> {
    const now = Date.now();
    const id = randomBytes(8).toString('hex');
    await this.transact(async (sql) => {
      await sql.run('INSERT INTO fl_boards VALUES ($1, $2, $3, $4, $4, $5)', [id, environment, JSON.stringify(input), now, actor]);
      await sql.audit(audit(environment, actor, 'board.create', id, { name: input.name }));
    });
    return { ...input, id, created_at: new Date(now).toISOString(), updated_at: new Date(now).toISOString(), created_by: actor };
  }

  /** False when the environment has no such board. */
  async update(environment: string, id: string, input: BoardInput, actor: string): Promise<boolean> {
    return this.transact(async (sql) => {
      const changed = await sql.run('UPDATE fl_boards SET body = $1, updated_at = $2 WHERE environment = $3 AND id = $4', [
        JSON.stringify(input),
        Date.now(),
        environment,
        id,
      ]);
      if (changed > 0) await sql.audit(audit(environment, actor, 'board.update', id, { name: input.name }));
      return changed > 0;
    });
  }

  async remove(environment: string, id: string, actor: string): Promise<boolean> {
    return this.transact(async (sql) => {
      const changed = await sql.run('DELETE FROM fl_boards WHERE environment = $1 AND id = $2', [environment, id]);
      if (changed > 0) await sql.audit(audit(environment, actor, 'board.delete', id, {}));
      return changed > 0;
    });
  }

  private async transact<T>(work: (sql: ControlSql) => Promise<T>): Promise<T> {
    this.ready ??= this.control.transact(async (sql) => {
      await sql.run(CREATE_TABLE);
    });
    await this.ready;
    return this.control.transact(work);
  }
}

function audit(environment: string, actor: string, action: string, id: string, detail: Record<string, unknown>): AuditEntry {
  return { at: new Date(), environment, actor, action, target: `board:${id}`, detail };
}

function boardOf(row: Record<string, unknown>): Board {
  return {
    ...(JSON.parse(row.body as string) as BoardInput),
    id: row.id as string,
    created_at: new Date(Number(row.created_at)).toISOString(),
    updated_at: new Date(Number(row.updated_at)).toISOString(),
    created_by: row.created_by as string,
  };
}
