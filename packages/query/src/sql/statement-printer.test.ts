// Golden SQL per dialect for every statement node kind: one node, the text and parameters
// each engine's printer makes of it.
import { describe, expect, test } from 'vitest';
import { clickHouseDialect } from '../clickhouse-dialect.ts';
import { duckDbDialect } from '../duckdb-dialect.ts';
import type { EngineDialectName } from '../dialect.ts';
import { and, eq, id, inList, isNull, lit, op, select, table, val } from './sql-build.ts';
import { column, createTable, deleteFrom, insert, insertInto, update, valOrNull } from './statement-build.ts';
import type { QueryNode } from './sql-node.ts';
import type { StatementNode } from './statement-node.ts';
import { printStatement } from './statement-printer.ts';

const dialects = { duckdb: duckDbDialect, clickhouse: clickHouseDialect };

function testStatement(node: StatementNode | QueryNode, expected: Record<EngineDialectName, { sql: string; params: unknown[] }>) {
  for (const [name, golden] of Object.entries(expected)) expect(printStatement(node, dialects[name as EngineDialectName])).toEqual(golden);
}

describe('statements', () => {
  test('create table: column types, NOT NULL, the key; each engine its own', () => {
    const node = createTable('fl_boards', [column('id', 'text', true), column('n', 'bigint', true), column('x', 'double'), column('note', 'text')], ['id']);
    testStatement(node, {
      duckdb: {
        sql: 'CREATE TABLE IF NOT EXISTS "fl_boards" ("id" VARCHAR NOT NULL, "n" BIGINT NOT NULL, "x" DOUBLE, "note" VARCHAR, PRIMARY KEY ("id"))',
        params: [],
      },
      clickhouse: {
        sql: 'CREATE TABLE IF NOT EXISTS `fl_boards` (`id` String, `n` Int64, `x` Nullable(Float64), `note` Nullable(String)) ENGINE = MergeTree ORDER BY (`id`)',
        params: [],
      },
    });
    testStatement(createTable('t', [column('a', 'text', true)]), {
      duckdb: { sql: 'CREATE TABLE IF NOT EXISTS "t" ("a" VARCHAR NOT NULL)', params: [] },
      clickhouse: { sql: 'CREATE TABLE IF NOT EXISTS `t` (`a` String) ENGINE = MergeTree ORDER BY tuple()', params: [] },
    });
  });

  test('insert: rows of values as parameters, absent values as NULL, hostile names quoted', () => {
    const node = insert('t', [
      { id: val("a'b"), 'we"ird`': valOrNull(null), n: val(1) },
      { id: val('c'), 'we"ird`': valOrNull('d'), n: val(1) },
    ]);
    testStatement(node, {
      duckdb: { sql: 'INSERT INTO "t" ("id", "we""ird`", "n") VALUES ($1, NULL, $2), ($3, $4, $2)', params: ["a'b", 1, 'c', 'd'] },
      clickhouse: { sql: "INSERT INTO `t` (`id`, `we\"ird\\``, `n`) VALUES ('a\\'b', NULL, 1), ('c', 'd', 1)", params: [] },
    });
  });

  test('insert replacing the row with the same key on DuckDB; ClickHouse has none and says so', () => {
    const node = insert('t', [{ id: val('a'), v: val(2) }], { replace: true });
    expect(printStatement(node, duckDbDialect)).toEqual({ sql: 'INSERT OR REPLACE INTO "t" ("id", "v") VALUES ($1, $2)', params: ['a', 2] });
    expect(() => printStatement(node, clickHouseDialect)).toThrow(/no INSERT OR REPLACE/);
  });

  test('insert of the rows a query answers, into the named columns', () => {
    testStatement(insertInto('totals', ['env', 'n'], select({ columns: [val('prod'), id('n')], from: table('rows'), where: op('>', id('n'), val(0)) })), {
      duckdb: { sql: 'INSERT INTO "totals" ("env", "n") SELECT $1, "n" FROM "rows" WHERE "n" > $2', params: ['prod', 0] },
      clickhouse: { sql: "INSERT INTO `totals` (`env`, `n`) SELECT 'prod', `n` FROM `rows` WHERE `n` > 0", params: [] },
    });
  });

  test('update: ALTER TABLE ... UPDATE on ClickHouse', () => {
    const node = update('t', { body: val('{}'), updated_at: val(5) }, and(eq(id('environment'), val('prod')), eq(id('id'), val('x'))));
    testStatement(node, {
      duckdb: { sql: 'UPDATE "t" SET "body" = $1, "updated_at" = $2 WHERE "environment" = $3 AND "id" = $4', params: ['{}', 5, 'prod', 'x'] },
      clickhouse: { sql: "ALTER TABLE `t` UPDATE `body` = '{}', `updated_at` = 5 WHERE `environment` = 'prod' AND `id` = 'x'", params: [] },
    });
  });

  test('delete: ALTER TABLE ... DELETE on ClickHouse', () => {
    const node = deleteFrom('t', and(isNull(id('ledger_key')), op('<', id('at'), val(10)), eq(lit(1), lit(1))));
    testStatement(node, {
      duckdb: { sql: 'DELETE FROM "t" WHERE "ledger_key" IS NULL AND "at" < $1 AND 1 = 1', params: [10] },
      clickhouse: { sql: 'ALTER TABLE `t` DELETE WHERE `ledger_key` IS NULL AND `at` < 10 AND 1 = 1', params: [] },
    });
  });

  test('delete with a subquery condition', () => {
    testStatement(deleteFrom('totals', and(eq(id('env'), val('prod')), inList(id('start'), select({ columns: [id('start')], from: table('marks') })))), {
      duckdb: { sql: 'DELETE FROM "totals" WHERE "env" = $1 AND "start" IN (SELECT "start" FROM "marks")', params: ['prod'] },
      clickhouse: { sql: "ALTER TABLE `totals` DELETE WHERE `env` = 'prod' AND `start` IN (SELECT `start` FROM `marks`)", params: [] },
    });
  });

  test('a query prints as a query', () => {
    testStatement(select({ columns: [id('a')], from: table('t') }), {
      duckdb: { sql: 'SELECT "a" FROM "t"', params: [] },
      clickhouse: { sql: 'SELECT `a` FROM `t`', params: [] },
    });
  });

  test('statement nodes are frozen', () => {
    const node = insert('t', [{ a: val(1) }]);
    expect(Object.isFrozen(node)).toBe(true);
    expect(Object.isFrozen(node.columns)).toBe(true);
    expect(Object.isFrozen(node.source)).toBe(true);
    expect(Object.isFrozen((node.source as readonly unknown[])[0])).toBe(true);
    expect(Object.isFrozen(update('t', { a: val(1) }, lit(1)).set[0])).toBe(true);
  });
});
