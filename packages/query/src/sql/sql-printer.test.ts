// Golden SQL per dialect for every node kind, kysely-style: one tree, the text and
// parameters each engine's printer makes of it.
import { describe, expect, test } from 'vitest';
import { clickHouseDialect } from '../clickhouse-dialect.ts';
import { duckDbDialect } from '../duckdb-dialect.ts';
import { printSql, type EngineDialectName } from '../dialect.ts';
import type { Expr, QueryNode } from './sql-node.ts';
import {
  aggregateState,
  and,
  array,
  as,
  asc,
  by,
  caseWhen,
  cast,
  countDistinct,
  crossJoin,
  cte,
  derived,
  desc,
  element,
  eq,
  filtered,
  fn,
  grouping,
  id,
  inList,
  isNotNull,
  isNull,
  join,
  joinOne,
  knownRangeBucket,
  leftJoin,
  lit,
  mergeStates,
  named,
  not,
  NULL,
  nullSafeEq,
  op,
  or,
  over,
  parens,
  select,
  star,
  subquery,
  table,
  tuple,
  typedNull,
  unionAll,
  unnest,
  val,
  weightedQuantiles,
} from './sql-build.ts';

const dialects = { duckdb: duckDbDialect, clickhouse: clickHouseDialect };

function testSql(query: QueryNode, expected: Record<EngineDialectName, { sql: string; params: unknown[] }>) {
  for (const [name, golden] of Object.entries(expected)) expect(printSql(query, dialects[name as EngineDialectName])).toEqual(golden);
}

/** One expression in a SELECT of nothing. */
const testExpr = (expr: Expr, duckdb: string, clickhouse: string, params: unknown[] = []) =>
  testSql(select({ columns: [expr] }), { duckdb: { sql: `SELECT ${duckdb}`, params }, clickhouse: { sql: `SELECT ${clickhouse}`, params: [] } });

describe('identifiers and values', () => {
  test('identifiers are quoted by each engine, quotes inside doubled or escaped', () => {
    testExpr(id('t', 'a"b`c\\'), '"t"."a""b`c\\"', '`t`.`a"b\\`c\\\\`');
    testExpr(star('t'), '"t".*', '`t`.*');
  });

  test('values are parameters on DuckDB (each bound once) and escaped literals on ClickHouse', () => {
    testExpr(
      and(eq(id('a'), val("it's\n")), eq(id('b'), val(1.5)), eq(id('c'), val(true)), eq(id('d'), val("it's\n"))),
      '"a" = $1 AND "b" = $2 AND "c" = $3 AND "d" = $1',
      "`a` = 'it\\'s\\n' AND `b` = 1.5 AND `c` = 1 AND `d` = 'it\\'s\\n'",
      ["it's\n", 1.5, true],
    );
  });

  test('constants of the code and typed NULLs', () => {
    testExpr(lit(0), '0', '0');
    testExpr(NULL, 'NULL', 'NULL');
    testExpr(typedNull('text'), 'CAST(NULL AS VARCHAR)', 'CAST(NULL AS Nullable(String))');
    testExpr(typedNull('double', id('ts')), 'CAST(NULL AS DOUBLE)', 'CAST(nullIf(`ts`, `ts`) AS Nullable(Float64))');
  });
});

describe('expressions', () => {
  test('operators, junctions, negation, NULL tests, IN lists and subqueries, CASE, parentheses, aliases', () => {
    testExpr(
      as(parens(or(op('>=', op('+', id('a'), lit(1)), val(2)), not(isNull(id('b'))))), 'x'),
      '("a" + 1 >= $1 OR NOT "b" IS NULL) AS "x"',
      '(`a` + 1 >= 2 OR NOT `b` IS NULL) AS `x`',
      [2],
    );
    // AND binds tighter than OR: nested junctions and a negated one keep their grouping.
    testExpr(
      and(or(eq(id('a'), lit(1)), eq(id('b'), lit(2))), not(and(eq(id('c'), lit(3)), eq(id('d'), lit(4))))),
      '("a" = 1 OR "b" = 2) AND NOT ("c" = 3 AND "d" = 4)',
      '(`a` = 1 OR `b` = 2) AND NOT (`c` = 3 AND `d` = 4)',
    );
    testExpr(isNotNull(id('a')), '"a" IS NOT NULL', '`a` IS NOT NULL');
    testExpr(inList(id('k'), [val('a'), val('b')], true), '"k" NOT IN ($1, $2)', "`k` NOT IN ('a', 'b')", ['a', 'b']);
    testExpr(inList(id('k'), select({ columns: [id('k')], from: table('t') })), '"k" IN (SELECT "k" FROM "t")', '`k` IN (SELECT `k` FROM `t`)');
    testExpr(subquery(select({ columns: [fn('count', star())], from: table('t') })), '(SELECT count(*) FROM "t")', '(SELECT count(*) FROM `t`)');
    testExpr(
      caseWhen([[eq(id('a'), lit(1)), val('one')]], val('other')),
      'CASE WHEN "a" = 1 THEN $1 ELSE $2 END',
      "CASE WHEN `a` = 1 THEN 'one' ELSE 'other' END",
      ['one', 'other'],
    );
    testExpr(caseWhen([[isNull(id('a')), lit(0)]]), 'CASE WHEN "a" IS NULL THEN 0 END', 'CASE WHEN `a` IS NULL THEN 0 END');
  });

  test('null-safe equality', () => {
    testExpr(
      nullSafeEq(id('l', 'g'), id('r', 'g')),
      '"l"."g" IS NOT DISTINCT FROM "r"."g"',
      "isNull(`l`.`g`) = isNull(`r`.`g`) AND ifNull(toString(`l`.`g`), '') = ifNull(toString(`r`.`g`), '')",
    );
  });

  test('casts to the domain types', () => {
    testExpr(cast(id('a'), 'double'), 'CAST("a" AS DOUBLE)', 'CAST(`a` AS Nullable(Float64))');
    testExpr(cast(id('a'), 'bigint'), 'CAST("a" AS BIGINT)', 'CAST(`a` AS Nullable(Int64))');
    testExpr(cast(id('a'), 'text'), 'CAST("a" AS VARCHAR)', 'CAST(`a` AS Nullable(String))');
  });

  test('aggregates: common ones alike, distinct counts 0 over only NULLs, filtered ones NULL over no row', () => {
    testExpr(fn('coalesce', fn('sum', id('w')), lit(0)), 'coalesce(sum("w"), 0)', 'coalesce(sum(`w`), 0)');
    testExpr(countDistinct(id('v')), 'count(DISTINCT "v")', 'ifNull(count(DISTINCT `v`), 0)');
    testExpr(
      filtered('min', id('t'), eq(id('ok'), lit(0))),
      'min(CASE WHEN "ok" = 0 THEN "t" END)',
      'if(countIf(`ok` = 0 AND isNotNull(`t`)) = 0, NULL, minIf(`t`, `ok` = 0))',
    );
  });

  test('every function an engine spells its own way', () => {
    const [a, b, c] = [id('a'), id('b'), id('c')];
    const cases: [Expr, string, string][] = [
      [fn('startsWith', a, b), 'starts_with("a", "b")', 'startsWith(`a`, `b`)'],
      [fn('endsWith', a, b), 'ends_with("a", "b")', 'endsWith(`a`, `b`)'],
      [fn('contains', a, b), 'contains("a", "b")', '(position(`a`, `b`) > 0)'],
      [fn('epochMicros', a), 'epoch_us("a")', '`a`'],
      [fn('timestampFromMicros', a), 'make_timestamp(CAST("a" AS BIGINT))', 'toInt64(`a`)'],
      [fn('finiteOrNull', a), 'CASE WHEN isfinite(CAST("a" AS DOUBLE)) THEN "a" END', 'if(isFinite(toFloat64(`a`)), `a`, NULL)'],
      [fn('anyValue', a), 'any_value("a")', 'any(`a`)'],
      [fn('hash', a, b), 'hash("a", "b")', 'cityHash64(`a`, `b`)'],
      [fn('nullIf', a, b), 'nullif("a", "b")', 'nullIf(`a`, `b`)'],
      [fn('parseDouble', a), 'TRY_CAST("a" AS DOUBLE)', 'toFloat64OrNull(`a`)'],
      [fn('integerText', a), 'CAST(CAST("a" AS BIGINT) AS VARCHAR)', 'toString(toInt64(`a`))'],
      [fn('concat', a, b, c), '"a" || "b" || "c"', 'concat(`a`, `b`, `c`)'],
      [fn('regexpExtract', a, b), 'regexp_extract("a", "b", 1)', 'extract(`a`, `b`)'],
      [fn('regexpReplace', a, b, c), 'regexp_replace("a", "b", "c")', 'replaceRegexpOne(`a`, `b`, `c`)'],
      [fn('rowsNumbered', a), 'unnest(range(0, CAST("a" AS BIGINT)))', 'arrayJoin(range(toUInt64(assumeNotNull(`a`))))'],
      [fn('toDouble', a), 'CAST("a" AS DOUBLE)', 'toFloat64(`a`)'],
    ];
    expect(printSql(select({ columns: [fn('nullAsDefault', a)] }), clickHouseDialect).sql).toBe('SELECT assumeNotNull(`a`)');
    expect(() => printSql(select({ columns: [fn('nullAsDefault', a)] }), duckDbDialect)).toThrow(/null-safely/);
    for (const [expr, duckdb, clickhouse] of cases) testExpr(expr, duckdb, clickhouse);
    testExpr(
      fn('histogramBucket', a, b, c, lit(4)),
      'CASE WHEN isfinite(CAST("a" AS DOUBLE)) IS NOT TRUE THEN NULL WHEN CAST("c" AS DOUBLE) > CAST("b" AS DOUBLE) THEN least(CAST(floor(CASE WHEN isfinite((CAST("c" AS DOUBLE) - CAST("b" AS DOUBLE)) * 4) THEN (CAST("a" AS DOUBLE) - CAST("b" AS DOUBLE)) * 4 / (CAST("c" AS DOUBLE) - CAST("b" AS DOUBLE)) ELSE (CAST("a" AS DOUBLE) / 2 - CAST("b" AS DOUBLE) / 2) / (CAST("c" AS DOUBLE) / 2 - CAST("b" AS DOUBLE) / 2) * 4 END) AS BIGINT), 3) ELSE 0 END',
      'multiIf(isNull(`a`), NULL, NOT isFinite(toFloat64(`a`)), NULL, toFloat64(`c`) > toFloat64(`b`), least(toInt64(floor(if(isFinite((toFloat64(`c`) - toFloat64(`b`)) * 4), (toFloat64(`a`) - toFloat64(`b`)) * 4 / (toFloat64(`c`) - toFloat64(`b`)), (toFloat64(`a`) / 2 - toFloat64(`b`) / 2) / (toFloat64(`c`) / 2 - toFloat64(`b`) / 2) * 4))), 3), 0)',
    );
  });

  test('tuples, arrays and their elements', () => {
    testExpr(inList(tuple(isNull(id('g')), id('g')), [tuple(val(1), val('a'))]), '("g" IS NULL, "g") IN (($1, $2))', "(`g` IS NULL, `g`) IN ((1, 'a'))", [
      1,
      'a',
    ]);
    testExpr(element(array(NULL, id('b')), 2), '([NULL, "b"])[2]', 'arrayElement([NULL, `b`], 2)');
  });

  test('a filtered sum that is 0 where no row counts', () => {
    testExpr(filtered('sumOrZero', id('p'), eq(id('bin'), lit(3))), 'coalesce(sum(CASE WHEN "bin" = 3 THEN "p" END), 0)', 'sumIf(`p`, `bin` = 3)');
  });

  test('weighted quantiles and mergeable states on ClickHouse; DuckDB has neither and says so', () => {
    const quantiles = weightedQuantiles([0.5, 0.99], id('v'), id('w'));
    const distinct = countDistinct(id('u'));
    const cases: [Expr, string][] = [
      [quantiles, 'quantilesExactWeighted(0.5, 0.99)(`v`, toUInt64(round(`w` * 1048576)))'],
      [aggregateState(quantiles), 'quantilesExactWeightedState(0.5, 0.99)(`v`, toUInt64(round(`w` * 1048576)))'],
      [mergeStates(quantiles, id('p1')), 'quantilesExactWeightedMerge(0.5, 0.99)(`p1`)'],
      [aggregateState(distinct), 'uniqExactState(`u`)'],
      [mergeStates(distinct, id('p2')), 'ifNull(uniqExactMerge(`p2`), 0)'],
    ];
    for (const [expr, clickhouse] of cases) {
      expect(printSql(select({ columns: [expr] }), clickHouseDialect).sql).toBe(`SELECT ${clickhouse}`);
      expect(() => printSql(select({ columns: [expr] }), duckDbDialect)).toThrow(/no mergeable aggregate states/);
    }
    expect(() => printSql(select({ columns: [aggregateState(fn('sum', id('w')))] }), clickHouseDialect)).toThrow(/no state of a call/);
  });

  test('the bucket of a known range: bounds written as values, binned on halves only where the width overflows', () => {
    testExpr(
      knownRangeBucket(id('v'), -2.5, 1500, 20),
      'CASE WHEN isfinite(CAST("v" AS DOUBLE)) THEN least(greatest(CAST(floor((CAST("v" AS DOUBLE) - CAST($1 AS DOUBLE)) * 20 / (CAST($2 AS DOUBLE) - CAST($1 AS DOUBLE))) AS BIGINT), 0), 19) END',
      'if(isFinite(toFloat64(`v`)), least(greatest(toInt64(floor((`v` - (-2.5)) * 20 / ((1500) - (-2.5)))), 0), 19), NULL)',
      [-2.5, 1500],
    );
    expect(printSql(select({ columns: [knownRangeBucket(id('v'), -1.7e308, 1.7e308, 4)] }), clickHouseDialect).sql).toBe(
      'SELECT if(isFinite(toFloat64(`v`)), least(greatest(toInt64(floor((`v` / 2 - (-1.7e+308) / 2) / ((1.7e+308) / 2 - (-1.7e+308) / 2) * 4)), 0), 3), NULL)',
    );
    // Negative zero and subnormals read back exactly.
    expect(printSql(select({ columns: [knownRangeBucket(id('v'), -0, 1e-320, 2)] }), clickHouseDialect).sql).toContain(
      "(`v` - (-0.)) * 2 / ((reinterpretAsFloat64(unhex('e807000000000000'))) - (-0.))",
    );
    for (const [low, high] of [
      [Number.NaN, 1],
      [0, Infinity],
      [-Infinity, 0],
      ['1' as unknown as number, 2],
      [2, 1],
    ]) {
      expect(() => knownRangeBucket(id('v'), low, high, 4)).toThrow(RangeError);
    }
  });

  test('window functions on DuckDB; ClickHouse 18.16 has none and says so', () => {
    const running = over(fn('sum', id('t')), { partitionBy: [id('g')], orderBy: [asc(id('b'))], frame: 'rows before current' });
    expect(printSql(select({ columns: [running] }), duckDbDialect).sql).toBe(
      'SELECT sum("t") OVER (PARTITION BY "g" ORDER BY "b" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)',
    );
    expect(printSql(select({ columns: [over(fn('sum', id('t')), {})] }), duckDbDialect).sql).toBe('SELECT sum("t") OVER ()');
    expect(() => printSql(select({ columns: [running] }), clickHouseDialect)).toThrow(/no window functions/);
  });
});

describe('statements', () => {
  test('select with from, joins, where, group by, having, order and limit', () => {
    testSql(
      select({
        columns: [id('a', 'g'), as(fn('count', star()), 'n')],
        from: table('ds_1', 'a'),
        joins: [
          join(table('ds_2', 'b'), eq(id('a', 'k'), id('b', 'k'))),
          leftJoin(derived(select({ columns: [id('k')], from: table('ds_3') }), 'c'), eq(id('c', 'k'), id('a', 'k'))),
          crossJoin(table('ds_4')),
        ],
        where: isNotNull(id('a', 'g')),
        groupBy: [id('a', 'g')],
        having: op('>', fn('count', star()), val(1)),
        orderBy: [desc(id('n'), true), by(id('a', 'g'))],
        limit: val(10),
      }),
      {
        duckdb: {
          sql: 'SELECT "a"."g", count(*) AS "n" FROM "ds_1" AS "a" JOIN "ds_2" AS "b" ON "a"."k" = "b"."k" LEFT JOIN (SELECT "k" FROM "ds_3") AS "c" ON "c"."k" = "a"."k" CROSS JOIN "ds_4" WHERE "a"."g" IS NOT NULL GROUP BY "a"."g" HAVING count(*) > $1 ORDER BY "n" DESC NULLS LAST, "a"."g" LIMIT $2',
          params: [1, 10],
        },
        clickhouse: {
          sql: 'SELECT `a`.`g`, count(*) AS `n` FROM `ds_1` AS `a` JOIN `ds_2` AS `b` ON `a`.`k` = `b`.`k` LEFT JOIN (SELECT `k` FROM `ds_3`) AS `c` ON `c`.`k` = `a`.`k` CROSS JOIN `ds_4` WHERE `a`.`g` IS NOT NULL GROUP BY `a`.`g` HAVING count(*) > 1 ORDER BY `n` DESC NULLS LAST, `a`.`g` LIMIT 10',
          params: [],
        },
      },
    );
  });

  test('named relations: WITH on DuckDB (materialized or inlined as asked); on ClickHouse written where each is read', () => {
    const query = select({
      with: [
        cte('scan', select({ columns: [star()], from: table('ds_1') }), 'inline'),
        cte('top', select({ columns: [id('g')], from: named('scan'), limit: lit(5) }), 'materialize'),
      ],
      columns: [star()],
      from: named('scan', 's'),
      where: inList(id('s', 'g'), select({ columns: [id('g')], from: named('top') })),
    });
    testSql(query, {
      duckdb: {
        sql: 'WITH "scan" AS NOT MATERIALIZED (SELECT * FROM "ds_1"), "top" AS MATERIALIZED (SELECT "g" FROM "scan" LIMIT 5) SELECT * FROM "scan" AS "s" WHERE "s"."g" IN (SELECT "g" FROM "top")',
        params: [],
      },
      clickhouse: {
        sql: 'SELECT * FROM (SELECT * FROM `ds_1`) AS `s` WHERE `s`.`g` IN (SELECT `g` FROM (SELECT `g` FROM (SELECT * FROM `ds_1`) AS `scan` LIMIT 5) AS `top`)',
        params: [],
      },
    });
  });

  test('each row once per item (ARRAY JOIN), a subquery without an alias, and the one row of a relation joined USING columns', () => {
    const rows = derived(select({ columns: [star(), as(lit(1), 'one')], from: table('t') }));
    const ranges = derived(select({ columns: [as(lit(1), 'one'), as(fn('max', id('v')), 'hi')], from: table('t') }), 'r');
    testSql(
      select({
        columns: [id('b'), id('bucket'), id('hi')],
        from: unnest(rows, [typedNull('double'), id('b')], 'bucket'),
        joins: [joinOne(ranges, ['one'], 'left')],
      }),
      {
        duckdb: {
          sql: 'SELECT "b", "bucket", "hi" FROM (SELECT *, 1 AS "one" FROM "t") CROSS JOIN unnest([CAST(NULL AS DOUBLE), "b"]) AS "unnest"("bucket") LEFT JOIN (SELECT 1 AS "one", max("v") AS "hi" FROM "t") AS "r" USING ("one")',
          params: [],
        },
        clickhouse: {
          sql: 'SELECT `b`, `bucket`, `hi` FROM (SELECT *, 1 AS `one` FROM `t`) ARRAY JOIN [CAST(NULL AS Nullable(Float64)), `b`] AS `bucket` ANY LEFT JOIN (SELECT 1 AS `one`, max(`v`) AS `hi` FROM `t`) AS `r` USING `one`',
          params: [],
        },
      },
    );
    testSql(select({ columns: [star()], from: table('a'), joins: [joinOne(table('b'), ['k0', 'k1'])] }), {
      duckdb: { sql: 'SELECT * FROM "a" JOIN "b" USING ("k0", "k1")', params: [] },
      clickhouse: { sql: 'SELECT * FROM `a` ANY INNER JOIN `b` USING `k0`, `k1`', params: [] },
    });
  });

  test('a union of datasets ordered as a whole', () => {
    const scan = (name: string) => select({ columns: [as(id('f0'), 'v')], from: table(name) });
    testSql(unionAll([scan('ds_1'), scan('ds_2')], { orderBy: [asc(id('v'))] }), {
      duckdb: { sql: 'SELECT "f0" AS "v" FROM "ds_1" UNION ALL SELECT "f0" AS "v" FROM "ds_2" ORDER BY "v" ASC', params: [] },
      clickhouse: { sql: 'SELECT * FROM (SELECT `f0` AS `v` FROM `ds_1` UNION ALL SELECT `f0` AS `v` FROM `ds_2`) ORDER BY `v` ASC', params: [] },
    });
  });

  test('grouping sets on DuckDB; ClickHouse 18.16 has none and says so', () => {
    const query = select({ columns: [grouping(id('b')), fn('sum', id('w'))], from: table('t'), groupingSets: [[], [id('b')]] });
    expect(printSql(query, duckDbDialect).sql).toBe('SELECT GROUPING("b"), sum("w") FROM "t" GROUP BY GROUPING SETS ((), ("b"))');
    expect(() => printSql(query, clickHouseDialect)).toThrow(/GROUPING SETS/);
  });

  test('nodes are frozen', () => {
    const query = select({ columns: [id('a')] });
    expect(Object.isFrozen(query)).toBe(true);
    expect(Object.isFrozen(query.columns)).toBe(true);
    expect(Object.isFrozen(query.columns[0])).toBe(true);
  });
});
