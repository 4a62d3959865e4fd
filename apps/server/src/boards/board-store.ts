// Boards in the control store, in a table of their own, each change in the same
// transaction as its audit entry. Statements are node trees: values are parameters.
import { randomBytes } from 'node:crypto';
import { and, asc, column, createTable, deleteFrom, eq, id, insert, select, star, table, update, val, type Expr } from '@flashlight/query';
import type { AuditEntry, ControlStore, ControlSql } from '../control/control-store.ts';
import type { Board, BoardInput } from '@flashlight/api';

const BOARDS = 'fl_boards';

const CREATE_TABLE = createTable(
  BOARDS,
  [
    column('id', 'text', true),
    column('environment', 'text', true),
    column('body', 'text', true),
    column('created_at', 'bigint', true),
    column('updated_at', 'bigint', true),
    column('created_by', 'text', true),
  ],
  ['id'],
);

const boardIs = (environment: string, boardId: string): Expr => and(eq(id('environment'), val(environment)), eq(id('id'), val(boardId)));

export class BoardStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly control: ControlStore) {}

  async list(environment: string): Promise<Board[]> {
    const rows = await this.transact((sql) =>
      sql.all(select({ columns: [star()], from: table(BOARDS), where: eq(id('environment'), val(environment)), orderBy: [asc(id('created_at'))] })),
    );
    return rows.map(boardOf);
  }

  async get(environment: string, boardId: string): Promise<Board | undefined> {
    const rows = await this.transact((sql) => sql.all(select({ columns: [star()], from: table(BOARDS), where: boardIs(environment, boardId) })));
    return rows.length > 0 ? boardOf(rows[0]) : undefined;
  }

  async create(environment: string, input: BoardInput, actor: string): Promise<Board> {
    const now = Date.now();
    const boardId = randomBytes(8).toString('hex');
    await this.transact(async (sql) => {
      await sql.run(
        insert(BOARDS, [
          {
            id: val(boardId),
            environment: val(environment),
            body: val(JSON.stringify(input)),
            created_at: val(now),
            updated_at: val(now),
            created_by: val(actor),
          },
        ]),
      );
      await sql.audit(audit(environment, actor, 'board.create', boardId, { name: input.name }));
    });
    return { ...input, id: boardId, created_at: new Date(now).toISOString(), updated_at: new Date(now).toISOString(), created_by: actor };
  }

  /** False when the environment has no such board. */
  async update(environment: string, boardId: string, input: BoardInput, actor: string): Promise<boolean> {
    return this.transact(async (sql) => {
      const changed = await sql.run(update(BOARDS, { body: val(JSON.stringify(input)), updated_at: val(Date.now()) }, boardIs(environment, boardId)));
      if (changed > 0) await sql.audit(audit(environment, actor, 'board.update', boardId, { name: input.name }));
      return changed > 0;
    });
  }

  async remove(environment: string, boardId: string, actor: string): Promise<boolean> {
    return this.transact(async (sql) => {
      const changed = await sql.run(deleteFrom(BOARDS, boardIs(environment, boardId)));
      if (changed > 0) await sql.audit(audit(environment, actor, 'board.delete', boardId, {}));
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

function audit(environment: string, actor: string, action: string, boardId: string, detail: Record<string, unknown>): AuditEntry {
  return { at: new Date(), environment, actor, action, target: `board:${boardId}`, detail };
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
