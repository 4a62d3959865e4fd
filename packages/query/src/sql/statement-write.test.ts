// Golden SQL per dialect for the statements that change a table.
import { describe, expect, test } from 'vitest';
import { clickHouseDialect } from '../clickhouse-dialect.ts';
import { duckDbDialect } from '../duckdb-dialect.ts';
import { and, eq, id, inList, op, select, table, val } from './sql-build.ts';
import { deleteFrom, insertInto } from './statement-build.ts';
import type { StatementNode } from './statement-node.ts';
import { printStatement } from './statement-printer.ts';

const printed = (statement: StatementNode) => ({ duckdb: printStatement(statement, duckDbDialect), clickhouse: printStatement(statement, clickHouseDialect) });

describe('statements that change a table', () => {
  test('INSERT of a query, into the named columns', () => {
    const insert = insertInto('totals', ['env', 'n'], select({ columns: [val('prod'), id('n')], from: table('rows'), where: op('>', id('n'), val(0)) }));
    expect(printed(insert)).toEqual({
      duckdb: { sql: 'INSERT INTO "totals" ("env", "n") SELECT $1, "n" FROM "rows" WHERE "n" > $2', params: ['prod', 0] },
      clickhouse: { sql: "INSERT INTO `totals` (`env`, `n`) SELECT 'prod', `n` FROM `rows` WHERE `n` > 0", params: [] },
    });
  });

  test('DELETE of the rows a condition holds for (on ClickHouse a mutation)', () => {
    const removal = deleteFrom('totals', and(eq(id('env'), val('prod')), inList(id('start'), select({ columns: [id('start')], from: table('marks') }))));
    expect(printed(removal)).toEqual({
      duckdb: { sql: 'DELETE FROM "totals" WHERE "env" = $1 AND "start" IN (SELECT "start" FROM "marks")', params: ['prod'] },
      clickhouse: { sql: "ALTER TABLE `totals` DELETE WHERE `env` = 'prod' AND `start` IN (SELECT `start` FROM `marks`)", params: [] },
    });
  });

  test('a query prints as a query', () => {
    expect(printStatement(select({ columns: [id('a')], from: table('t') }), duckDbDialect)).toEqual({ sql: 'SELECT "a" FROM "t"', params: [] });
  });

  test('nodes are frozen', () => {
    const insert = insertInto('t', ['a'], select({ columns: [id('a')] }));
    expect(Object.isFrozen(insert) && Object.isFrozen(insert.columns)).toBe(true);
  });
});
