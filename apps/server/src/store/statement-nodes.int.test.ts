// The statement nodes printed for each engine run on the real engine: a table made with
// hostile column names, rows inserted (as values and from a query), changed and deleted.
// ClickHouse applies UPDATE and DELETE as mutations after it answers, so its reads wait.
import { DuckDBInstance } from '@duckdb/node-api';
import {
  and,
  asc,
  clickHouseDialect,
  column,
  createTable,
  deleteFrom,
  duckDbDialect,
  eq,
  id,
  insert,
  insertInto,
  op,
  printSql,
  printStatement,
  select,
  table,
  update,
  val,
  valOrNull,
  type QueryNode,
  type StatementNode,
} from '@flashlight/query';
import { afterAll, describe, expect, test } from 'vitest';
import { createClickHouseDatabase } from '../testing/clickhouse-database.ts';
import { ClickHouseHttp } from './clickhouse/clickhouse-http.ts';

interface Engine {
  run(statement: StatementNode): Promise<void>;
  rows(query: QueryNode): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function duckdb(): Promise<Engine> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const printed = (node: StatementNode | QueryNode) => printStatement(node, duckDbDialect);
  return {
    async run(statement) {
      const { sql, params } = printed(statement);
      await connection.run(sql, params as never);
    },
    async rows(query) {
      const { sql, params } = printed(query);
      return (await connection.runAndReadAll(sql, params as never)).getRowObjectsJS();
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function clickhouse(): Promise<Engine> {
  const database = await createClickHouseDatabase();
  const http = new ClickHouseHttp(database.urls, { database: database.database });
  return {
    run: (statement) => http.command(printStatement(statement, clickHouseDialect).sql),
    rows: async (query) => (await http.select(printSql(query, clickHouseDialect).sql)).data,
    close: () => database.drop(),
  };
}

const engines: [string, () => Promise<Engine>][] = [
  ['duckdb', duckdb],
  ['clickhouse', clickhouse],
];

const opened: Engine[] = [];
afterAll(async () => Promise.all(opened.map((engine) => engine.close())));

const WEIRD = 'we"ird`\\ name';

describe.each(engines)('statement nodes on %s', (_, open) => {
  test('create, insert, insert from a query, update and delete', async () => {
    const engine = await open();
    opened.push(engine);
    await engine.run(createTable('items', [column('id', 'text', true), column(WEIRD, 'text'), column('n', 'bigint', true), column('x', 'double')], ['id']));
    await engine.run(createTable('copies', [column('id', 'text', true), column('n', 'bigint', true)]));
    await engine.run(
      insert('items', [
        { id: val("a'1"), [WEIRD]: valOrNull(null), n: val(1), x: val(0.5) },
        { id: val('b'), [WEIRD]: valOrNull('"; DROP TABLE items; --'), n: val(2), x: valOrNull(null) },
        { id: val('c'), [WEIRD]: valOrNull('c'), n: val(3), x: val(-1) },
      ]),
    );
    await engine.run(insertInto('copies', ['id', 'n'], select({ columns: [id('id'), id('n')], from: table('items'), where: op('>', id('n'), val(1)) })));
    const all = select({ columns: [id('id'), id(WEIRD), id('n'), id('x')], from: table('items'), orderBy: [asc(id('id'))] });
    const shaped = (rows: Record<string, unknown>[]) => rows.map((row) => [row.id, row[WEIRD], Number(row.n), row.x === null ? null : Number(row.x)]);
    expect(shaped(await engine.rows(all))).toEqual([
      ["a'1", null, 1, 0.5],
      ['b', '"; DROP TABLE items; --', 2, null],
      ['c', 'c', 3, -1],
    ]);
    const copies = await engine.rows(select({ columns: [id('id')], from: table('copies'), orderBy: [asc(id('id'))] }));
    expect(copies.map((row) => row.id)).toEqual(['b', 'c']);

    await engine.run(update('items', { [WEIRD]: val('changed'), x: val(9) }, and(eq(id('id'), val('b')), eq(id('n'), val(2)))));
    await engine.run(deleteFrom('items', eq(id('id'), val("a'1"))));
    await expect
      .poll(async () => shaped(await engine.rows(all)), { timeout: 30_000 })
      .toEqual([
        ['b', 'changed', 2, 9],
        ['c', 'c', 3, -1],
      ]);
  });
});
