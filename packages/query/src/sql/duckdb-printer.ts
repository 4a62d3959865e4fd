// DuckDB's SQL: double-quoted identifiers, positional `$n` parameters, named relations
// as WITH, window functions and GROUPING SETS as they are.
import type { SqlValue } from '../dialect.ts';
import { bucketOfRange } from '../numeric-range.ts';
import type { CteNode, DialectFunction, FilteredAggregate, FromNode, OrderItem, SelectNode, SqlType } from './sql-node.ts';
import { SqlPrinter } from './sql-printer.ts';
import { DUCKDB_STATEMENTS } from './duckdb-statements.ts';
import { DUCKDB_DERIVED_FUNCTIONS } from './derived-functions.ts';

const TYPES: Record<SqlType, string> = { double: 'DOUBLE', bigint: 'BIGINT', text: 'VARCHAR' };

/** How this engine spells each function, from its printed arguments. */
export const DUCKDB_FUNCTIONS: Record<DialectFunction, (args: readonly string[]) => string> = {
  ...DUCKDB_DERIVED_FUNCTIONS,
  startsWith: ([text, prefix]) => `starts_with(${text}, ${prefix})`,
  endsWith: ([text, suffix]) => `ends_with(${text}, ${suffix})`,
  contains: ([text, part]) => `contains(${text}, ${part})`,
  epochMicros: ([timestamp]) => `epoch_us(${timestamp})`,
  timestampFromMicros: ([micros]) => `make_timestamp(CAST(${micros} AS BIGINT))`,
  finiteOrNull: ([value]) => `CASE WHEN isfinite(CAST(${value} AS DOUBLE)) THEN ${value} END`,
  anyValue: ([value]) => `any_value(${value})`,
  hash: (args) => `hash(${args.join(', ')})`,
  nullIf: ([value, none]) => `nullif(${value}, ${none})`,
  parseDouble: ([text]) => `TRY_CAST(${text} AS DOUBLE)`,
  integerText: ([value]) => `CAST(CAST(${value} AS BIGINT) AS VARCHAR)`,
  concat: (args) => args.join(' || '),
  regexpExtract: ([text, pattern]) => `regexp_extract(${text}, ${pattern}, 1)`,
  regexpReplace: ([text, pattern, replacement]) => `regexp_replace(${text}, ${pattern}, ${replacement})`,
  rowsNumbered: ([count]) => `unnest(range(0, CAST(${count} AS BIGINT)))`,
  toDouble: ([value]) => `CAST(${value} AS DOUBLE)`,
  wideInteger: ([value]) => `CAST(${value} AS HUGEINT)`,
  histogramBucket([value, low, high, buckets]) {
    const [x, lo, hi] = [value, low, high].map((v) => `CAST(${v} AS DOUBLE)`);
    const n = Number(buckets);
    const position = bucketOfRange(x, lo, hi, n, (condition, then, otherwise) => `CASE WHEN ${condition} THEN ${then} ELSE ${otherwise} END`, 'isfinite');
    return `CASE WHEN isfinite(${x}) IS NOT TRUE THEN NULL WHEN ${hi} > ${lo} THEN least(CAST(floor(${position}) AS BIGINT), ${n - 1}) ELSE 0 END`;
  },
  nullAsDefault() {
    throw new Error('DuckDB compares keys null-safely (IS NOT DISTINCT FROM) and has no type default to read NULL as');
  },
  tupleElement: ([tuple, position]) => `struct_extract(${tuple}, ${position})`,
  unnest: ([array]) => `unnest(${array})`,
};

const NO_STATES = 'DuckDB has no mergeable aggregate states: its percentiles come from running weights (percentile-sql.ts)';

export class DuckDbPrinter extends SqlPrinter {
  readonly statements = DUCKDB_STATEMENTS;

  quote(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  // A value used twice (the time range in every table's scan) is bound once.
  value(value: SqlValue): string {
    const known = this.params.indexOf(value);
    if (known >= 0) return `$${known + 1}`;
    this.params.push(value);
    return `$${this.params.length}`;
  }

  protected dialectFunction(fn: DialectFunction, args: readonly string[]): string {
    return DUCKDB_FUNCTIONS[fn](args);
  }

  protected cast(operand: string, type: SqlType): string {
    return `CAST(${operand} AS ${TYPES[type]})`;
  }

  protected typedNull(type: SqlType): string {
    return `CAST(NULL AS ${TYPES[type]})`;
  }

  protected countDistinct(operand: string): string {
    return `count(DISTINCT ${operand})`;
  }

  // CASE inside the aggregate runs several times faster in DuckDB than FILTER (WHERE ...),
  // with the same answer: rows that fail the condition add NULL, which aggregates skip.
  filtered(fn: FilteredAggregate, operand: string, condition: string): string {
    if (fn === 'sumOrZero') return `coalesce(sum(CASE WHEN ${condition} THEN ${operand} END), 0)`;
    return `${fn}(CASE WHEN ${condition} THEN ${operand} END)`;
  }

  protected weightedQuantiles(): string {
    throw new Error(NO_STATES);
  }

  protected countDistinctState(): string {
    throw new Error(NO_STATES);
  }

  protected element(array: string, index: number): string {
    return `(${array})[${index}]`;
  }

  protected knownRangeBucket(value: string, low: number, high: number, buckets: number): string {
    const x = `CAST(${value} AS DOUBLE)`;
    const [lo, hi] = [low, high].map((b) => `CAST(${this.value(b)} AS DOUBLE)`);
    const halved = !Number.isFinite((high - low) * buckets);
    const position = bucketOfRange(x, lo, hi, buckets, (_, usual, onHalves) => (halved ? onHalves : usual), 'isfinite');
    return `CASE WHEN isfinite(${x}) THEN least(greatest(CAST(floor(${position}) AS BIGINT), 0), ${buckets - 1}) END`;
  }

  protected unnest(from: string, items: string, alias: string): string {
    return `${from} CROSS JOIN unnest([${items}]) AS ${this.quote('unnest')}(${this.quote(alias)})`;
  }

  protected nullSafeEqual(left: string, right: string): string {
    return `${left} IS NOT DISTINCT FROM ${right}`;
  }

  protected named(from: FromNode & { kind: 'named' }): string {
    return this.aliased(this.quote(from.name), from.alias);
  }

  protected withClause(ctes: readonly CteNode[]): string {
    const reuse = { materialize: 'MATERIALIZED ', inline: 'NOT MATERIALIZED ' };
    return `WITH ${ctes.map((cte) => `${this.quote(cte.name)} AS ${cte.reuse ? reuse[cte.reuse] : ''}(${this.query(cte.query)})`).join(', ')} `;
  }

  protected orderedUnion(union: string, orderBy: string): string {
    return `${union} ORDER BY ${orderBy}`;
  }

  protected limitBy(limitBy: NonNullable<SelectNode['limitBy']>, orderBy: readonly OrderItem[]): { beforeOrder: string } {
    const order = orderBy.length > 0 ? ` ORDER BY ${this.orderBy(orderBy)}` : '';
    return { beforeOrder: `QUALIFY row_number() OVER (PARTITION BY ${this.list(limitBy.by)}${order}) <= ${this.expr(limitBy.limit)}` };
  }
}
