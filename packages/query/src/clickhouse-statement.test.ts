import { describe, expect, test } from 'vitest';
import { clickHouseStatement } from './clickhouse-statement.ts';

describe('clickHouseStatement', () => {
  test('a statement without named subqueries, joins on TRUE or unions passes unchanged', () => {
    const sql = "SELECT `f_1` FROM `ds_1` WHERE `f_2` = 'WITH `x` AS (' ORDER BY `ts`";
    expect(clickHouseStatement(sql)).toBe(sql);
  });

  test('each read of a named subquery becomes the subquery, in later ones too; qualified columns stay', () => {
    expect(clickHouseStatement('WITH `a` AS (SELECT 1 AS `x`), `b` AS (SELECT `a`.`x` FROM `a`) SELECT * FROM `b` JOIN `a` ON `a`.`x` = `b`.`x`')).toBe(
      'SELECT * FROM (SELECT `a`.`x` FROM (SELECT 1 AS `x`) AS `a`) AS `b` JOIN (SELECT 1 AS `x`) AS `a` ON `a`.`x` = `b`.`x`',
    );
  });

  test('JOIN ... ON TRUE becomes CROSS JOIN', () => {
    expect(clickHouseStatement('WITH `t` AS (SELECT 1) SELECT * FROM `s` JOIN `t` ON TRUE GROUP BY 1')).toBe(
      'SELECT * FROM `s` CROSS JOIN (SELECT 1) AS `t` GROUP BY 1',
    );
  });

  test('count(DISTINCT x) over only NULLs is 0, as elsewhere', () => {
    expect(clickHouseStatement('SELECT count(DISTINCT `v1`) AS `a0`, count(`v1`) FROM `t`')).toBe(
      'SELECT ifNull(count(DISTINCT `v1`), 0) AS `a0`, count(`v1`) FROM `t`',
    );
  });

  test('an ORDER BY after UNION ALL orders the whole union, not its last SELECT', () => {
    expect(clickHouseStatement('SELECT 1 AS `p` UNION ALL SELECT 2 ORDER BY `p` DESC')).toBe(
      'SELECT * FROM (SELECT 1 AS `p` UNION ALL SELECT 2) ORDER BY `p` DESC',
    );
    // Only at the top level: inside parentheses the order is the subquery's own.
    const nested = 'SELECT * FROM (SELECT 1 AS `p` UNION ALL SELECT 2 ORDER BY `p`)';
    expect(clickHouseStatement(nested)).toBe(nested);
  });

  test('text in string literals and quoted names is never taken for SQL', () => {
    const sql = "WITH `t` AS (SELECT ') JOIN `t` ON TRUE UNION ALL ORDER BY' AS `s`) SELECT `s` FROM `t` WHERE `s` <> '\\' `t` '";
    expect(clickHouseStatement(sql)).toBe("SELECT `s` FROM (SELECT ') JOIN `t` ON TRUE UNION ALL ORDER BY' AS `s`) AS `t` WHERE `s` <> '\\' `t` '");
  });

  test('unterminated literals are refused rather than guessed at', () => {
    expect(() => clickHouseStatement("SELECT 'abc")).toThrow(/unterminated string/);
  });
});
