// Golden SQL per dialect for the node kinds that count many columns in one scan: tuples
// unnested into one row per cell, a limit per group, and the numeric tests they bucket by.
import { describe, expect, test } from 'vitest';
import { clickHouseDialect } from '../clickhouse-dialect.ts';
import { duckDbDialect } from '../duckdb-dialect.ts';
import { printSql } from '../dialect.ts';
import type { QueryNode } from './sql-node.ts';
import { array, as, by, derived, desc, fn, id, lit, select, star, table, tuple, val } from './sql-build.ts';

const printed = (query: QueryNode) => ({ duckdb: printSql(query, duckDbDialect), clickhouse: printSql(query, clickHouseDialect) });

describe('unpivoting', () => {
  test('tuples unnested into one row per cell, each part read back by position', () => {
    const cells = select({ columns: [as(fn('unnest', array(tuple(val('0'), id('a')), tuple(val('1'), id('b')))), 'cell')], from: table('t') });
    const query = select({
      columns: [as(fn('tupleElement', id('cell'), lit(1)), 'col'), as(fn('tupleElement', id('cell'), lit(2)), 'v')],
      from: derived(cells, 'cells'),
    });
    expect(printed(query)).toEqual({
      duckdb: {
        sql: 'SELECT struct_extract("cell", 1) AS "col", struct_extract("cell", 2) AS "v" FROM (SELECT unnest([($1, "a"), ($2, "b")]) AS "cell" FROM "t") AS "cells"',
        params: ['0', '1'],
      },
      clickhouse: {
        sql: "SELECT tupleElement(`cell`, 1) AS `col`, tupleElement(`cell`, 2) AS `v` FROM (SELECT arrayJoin([('0', `a`), ('1', `b`)]) AS `cell` FROM `t`) AS `cells`",
        params: [],
      },
    });
  });

  test('the first rows of each group: QUALIFY on DuckDB, LIMIT … BY on ClickHouse', () => {
    const query = select({
      columns: [id('col'), as(fn('count', star()), 'n')],
      from: table('t'),
      groupBy: [id('col'), id('v')],
      orderBy: [by(id('col')), desc(id('n'))],
      limitBy: { limit: lit(2), by: [id('col')] },
    });
    expect(printed(query)).toEqual({
      duckdb: {
        sql: 'SELECT "col", count(*) AS "n" FROM "t" GROUP BY "col", "v" QUALIFY row_number() OVER (PARTITION BY "col" ORDER BY "col", "n" DESC) <= 2 ORDER BY "col", "n" DESC',
        params: [],
      },
      clickhouse: { sql: 'SELECT `col`, count(*) AS `n` FROM `t` GROUP BY `col`, `v` ORDER BY `col`, `n` DESC LIMIT 2 BY `col`', params: [] },
    });
  });

  test('logarithms and the tests for finite numbers and NaN are spelled alike', () => {
    const query = select({ columns: [fn('log', id('a')), fn('isFinite', id('a')), fn('isNaN', id('a'))] });
    expect(printed(query)).toEqual({
      duckdb: { sql: 'SELECT log("a"), isFinite("a"), isNaN("a")', params: [] },
      clickhouse: { sql: 'SELECT log(`a`), isFinite(`a`), isNaN(`a`)', params: [] },
    });
  });
});
