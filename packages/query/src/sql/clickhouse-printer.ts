// ClickHouse's SQL, as 18.16 and every later release run it: backquoted identifiers; no
// server-side parameters, so each value is a literal made by the one escaping function;
// no WITH of subqueries, so a named relation is written where it is read (ClickHouse
// evaluates it again there); no window functions or GROUPING SETS; an ORDER BY after a
// UNION ALL that orders only its last SELECT, so a whole union is wrapped to be ordered.
import type { SqlValue } from '../dialect.ts';
import { clickHouseNumberLiteral, clickHouseStringLiteral, WEIGHT_SCALE } from '../clickhouse-dialect.ts';
import { bucketOfRange } from '../numeric-range.ts';
import type { CteNode, DialectFunction, Expr, FilteredAggregate, FromNode, JoinNode, SelectNode, SqlType } from './sql-node.ts';
import { SqlPrinter } from './sql-printer.ts';
import { CLICKHOUSE_STATEMENTS } from './clickhouse-statements.ts';
import { CLICKHOUSE_DERIVED_FUNCTIONS } from './derived-functions.ts';

const TYPES: Record<SqlType, string> = { double: 'Nullable(Float64)', bigint: 'Nullable(Int64)', text: 'Nullable(String)' };

/** How this engine spells each function, from its printed arguments. */
export const CLICKHOUSE_FUNCTIONS: Record<DialectFunction, (args: readonly string[]) => string> = {
  ...CLICKHOUSE_DERIVED_FUNCTIONS,
  startsWith: ([text, prefix]) => `startsWith(${text}, ${prefix})`,
  endsWith: ([text, suffix]) => `endsWith(${text}, ${suffix})`,
  contains: ([text, part]) => `(position(${text}, ${part}) > 0)`,
  // Event time is an Int64 of µs already.
  epochMicros: ([timestamp]) => timestamp,
  timestampFromMicros: ([micros]) => `toInt64(${micros})`,
  finiteOrNull: ([value]) => `if(isFinite(toFloat64(${value})), ${value}, NULL)`,
  anyValue: ([value]) => `any(${value})`,
  hash: (args) => `cityHash64(${args.join(', ')})`,
  nullIf: ([value, none]) => `nullIf(${value}, ${none})`,
  parseDouble: ([text]) => `toFloat64OrNull(${text})`,
  integerText: ([value]) => `toString(toInt64(${value}))`,
  concat: (args) => `concat(${args.join(', ')})`,
  regexpExtract: ([text, pattern]) => `extract(${text}, ${pattern})`,
  regexpReplace: ([text, pattern, replacement]) => `replaceRegexpOne(${text}, ${pattern}, ${replacement})`,
  rowsNumbered: ([count]) => `arrayJoin(range(toUInt64(assumeNotNull(${count}))))`,
  // Int64 and Float64 have no common type in ClickHouse (a UNION ALL of both fails).
  toDouble: ([value]) => `toFloat64(${value})`,
  wideInteger: ([value]) => `toInt64(${value})`,
  histogramBucket([value, low, high, buckets]) {
    const [x, lo, hi] = [value, low, high].map((v) => `toFloat64(${v})`);
    const n = Number(buckets);
    const position = bucketOfRange(x, lo, hi, n, (condition, then, otherwise) => `if(${condition}, ${then}, ${otherwise})`, 'isFinite');
    return `multiIf(isNull(${value}), NULL, NOT isFinite(${x}), NULL, ${hi} > ${lo}, least(toInt64(floor(${position})), ${n - 1}), 0)`;
  },
  nullAsDefault: ([value]) => `assumeNotNull(${value})`,
  tupleElement: ([tuple, position]) => `tupleElement(${tuple}, ${position})`,
  unnest: ([array]) => `arrayJoin(${array})`,
};

/** A finite bound as a literal, parenthesized so that a negative one reads as one term. */
const bound = (value: number) => `(${clickHouseNumberLiteral(value)})`;

export class ClickHousePrinter extends SqlPrinter {
  readonly statements = CLICKHOUSE_STATEMENTS;

  /** The named relations in scope, innermost last. */
  private scope: readonly CteNode[] = [];

  quote(name: string): string {
    return '`' + name.replaceAll('\\', '\\\\').replaceAll('`', '\\`') + '`';
  }

  value(value: SqlValue): string {
    if (typeof value === 'string') return clickHouseStringLiteral(value);
    if (typeof value === 'boolean') return value ? '1' : '0';
    return clickHouseNumberLiteral(value);
  }

  protected dialectFunction(fn: DialectFunction, args: readonly string[]): string {
    return CLICKHOUSE_FUNCTIONS[fn](args);
  }

  protected cast(operand: string, type: SqlType): string {
    return `CAST(${operand} AS ${TYPES[type]})`;
  }

  // A constant NULL breaks a union of Distributed tables once a condition on it is pushed
  // down (18.16); one computed from a column of the row does not.
  protected typedNull(type: SqlType, of: string | undefined): string {
    return `CAST(${of ? `nullIf(${of}, ${of})` : 'NULL'} AS ${TYPES[type]})`;
  }

  // The count of distinct values of only NULLs is NULL here, not 0.
  protected countDistinct(operand: string): string {
    return `ifNull(count(DISTINCT ${operand}), 0)`;
  }

  // sumIf/minIf give 0 where no row counts; the answer is NULL there.
  filtered(fn: FilteredAggregate, operand: string, condition: string): string {
    if (fn === 'sumOrZero') return `sumIf(${operand}, ${condition})`;
    return `if(countIf(${condition} AND isNotNull(${operand})) = 0, NULL, ${fn}If(${operand}, ${condition}))`;
  }

  // quantilesExactWeighted takes whole weights (see WEIGHT_SCALE); its fractions are literals.
  protected weightedQuantiles(fractions: readonly number[], args: readonly string[], stage?: 'State' | 'Merge'): string {
    const [value, weight] = args;
    const operands = stage === 'Merge' ? value : `${value}, toUInt64(round(${weight} * ${WEIGHT_SCALE}))`;
    return `quantilesExactWeighted${stage ?? ''}(${fractions.map((f) => this.value(f)).join(', ')})(${operands})`;
  }

  protected countDistinctState(operand: string, stage: 'State' | 'Merge'): string {
    return stage === 'State' ? `uniqExactState(${operand})` : `ifNull(uniqExactMerge(${operand}), 0)`;
  }

  protected element(array: string, index: number): string {
    return `arrayElement(${array}, ${index})`;
  }

  // Whether the range needs binning on halves is known here, so only one way is written.
  protected knownRangeBucket(value: string, low: number, high: number, buckets: number): string {
    const halved = !Number.isFinite((high - low) * buckets);
    const position = bucketOfRange(value, bound(low), bound(high), buckets, (_, usual, onHalves) => (halved ? onHalves : usual), 'isFinite');
    return `if(isFinite(toFloat64(${value})), least(greatest(toInt64(floor(${position})), 0), ${buckets - 1}), NULL)`;
  }

  protected unnest(from: string, items: string, alias: string): string {
    return `${from} ARRAY JOIN [${items}] AS ${this.quote(alias)}`;
  }

  // 18.16 wants a join's strictness spelled out where it is not ALL.
  protected joinKind(node: JoinNode): string {
    return node.unique ? `ANY ${node.type === 'left' ? 'LEFT' : 'INNER'} JOIN` : super.joinKind(node);
  }

  protected using(columns: readonly string[]): string {
    return `USING ${columns.map((c) => this.quote(c)).join(', ')}`;
  }

  // Join conditions are equalities of one side's expression with the other's.
  protected nullSafeEqual(left: string, right: string): string {
    return `isNull(${left}) = isNull(${right}) AND ifNull(toString(${left}), '') = ifNull(toString(${right}), '')`;
  }

  protected withScope(ctes: readonly CteNode[] | undefined, body: () => string): string {
    if (!ctes || ctes.length === 0) return body();
    const outer = this.scope;
    this.scope = [...outer, ...ctes];
    try {
      return body();
    } finally {
      this.scope = outer;
    }
  }

  protected withClause(): string {
    return '';
  }

  /** The named relation's query, written where it is read, with the relations named before it in scope. */
  protected named(from: FromNode & { kind: 'named' }): string {
    const index = this.scope.findLastIndex((cte) => cte.name === from.name);
    if (index < 0) return this.aliased(this.quote(from.name), from.alias);
    const current = this.scope;
    this.scope = current.slice(0, index);
    try {
      return `(${this.query(current[index].query)}) AS ${this.quote(from.alias ?? from.name)}`;
    } finally {
      this.scope = current;
    }
  }

  protected orderedUnion(union: string, orderBy: string): string {
    return `SELECT * FROM (${union}) ORDER BY ${orderBy}`;
  }

  // A delete is a mutation of the table's parts, which 18.16 writes as ALTER.
  deleteRows(table: string, where: Expr): string {
    return `ALTER TABLE ${this.quote(table)} DELETE WHERE ${this.expr(where)}`;
  }

  protected limitBy(limitBy: NonNullable<SelectNode['limitBy']>): { afterOrder: string } {
    return { afterOrder: `LIMIT ${this.expr(limitBy.limit)} BY ${this.list(limitBy.by)}` };
  }

  protected groupingSets(): string {
    throw new Error('ClickHouse 18.16 has no GROUPING SETS');
  }

  protected window(_node: Expr & { kind: 'window' }): string {
    throw new Error('ClickHouse 18.16 has no window functions');
  }
}
