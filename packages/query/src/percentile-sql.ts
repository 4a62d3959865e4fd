// Exact weighted percentiles for engines without a weighted quantile aggregate, without
// sorting every row: the measured range is cut into bins (the `bin` column); per-bin
// weights give the weight before each bin and so the one bin that holds each asked-for
// fraction; only the rows of those bins are sorted, their running weight offset by the
// weight before their bin. The answer is then the dialect's percentile over running weights.
// A value with no bin (NULL, or a non-finite number) takes no part.
import type { Dialect, SqlValue } from './dialect.ts';

export interface PercentileRelation {
  /** The relation of rows, with `keys`, `weight`, `measure` and `bin` columns. */
  rows: string;
  /** Quoted columns that make a group (time bucket and breakdowns). */
  keys: string[];
  weight: string;
  measure: string;
  bin: string;
  /** Quoted names for the two relations written. */
  cuts: string;
  answers: string;
  /** Each answer column and the fraction it asks for. */
  fractions: { column: string; fraction: number }[];
}

/** Two CTE definitions: per-bin weights (`cuts`), then one row of answers per group. */
export function percentileCtes(relation: PercentileRelation, dialect: Dialect, value: (v: SqlValue) => string): string[] {
  const { rows, keys, weight, measure, bin, cuts, answers, fractions } = relation;
  const id = (name: string) => dialect.quoteIdentifier(name);
  const [t, before, total, cumulative] = ['t', 'before', 'total', 'cumulative'].map(id);
  const over = (extra: string) => `OVER (${[keys.length > 0 ? `PARTITION BY ${keys.join(', ')}` : '', extra].filter(Boolean).join(' ')})`;
  const binKeys = [...keys, bin].join(', ');
  const cutsSql =
    `${cuts} AS (SELECT ${binKeys}, ${t}, ` +
    `coalesce(sum(${t}) ${over(`ORDER BY ${bin} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING`)}, 0) AS ${before}, sum(${t}) ${over('')} AS ${total} ` +
    `FROM (SELECT ${binKeys}, sum(${weight}) AS ${t} FROM ${rows} WHERE ${bin} IS NOT NULL GROUP BY ${binKeys}) AS ${id('bins')})`;

  // A bin holds fraction f when the weight before it is under f × total and the weight
  // through it reaches f × total.
  const holds = fractions.map(({ fraction }) => {
    const target = `${value(fraction)} * ${cuts}.${total}`;
    return `(${cuts}.${before} < ${target} AND ${target} <= ${cuts}.${before} + ${cuts}.${t})`;
  });
  const rowKeys = keys.map((key) => `${rows}.${key}`);
  const sameBin = [...keys.map((key) => dialect.nullSafeEqual(`${rows}.${key}`, `${cuts}.${key}`)), `${rows}.${bin} = ${cuts}.${bin}`];
  const needed =
    `SELECT ${[...rowKeys, `${rows}.${measure}`, `${cuts}.${total}`].join(', ')}, ` +
    `${cuts}.${before} + sum(${rows}.${weight}) OVER (PARTITION BY ${[...rowKeys, `${rows}.${bin}`].join(', ')} ORDER BY ${rows}.${measure} ROWS UNBOUNDED PRECEDING) AS ${cumulative} ` +
    `FROM ${rows} JOIN ${cuts} ON ${sameBin.join(' AND ')} WHERE ${holds.join(' OR ')}`;
  const percentiles = fractions.map(
    ({ column, fraction }) => `${dialect.weightedPercentile(measure, weight, value(fraction), { cumulative, total })} AS ${column}`,
  );
  const answersSql =
    `${answers} AS (SELECT ${[...keys, ...percentiles].join(', ')} FROM (${needed}) AS ${id('needed')}` +
    (keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : '') +
    ')';
  return [cutsSql, answersSql];
}
