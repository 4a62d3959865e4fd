// SQL as a tree of small frozen nodes, in the manner of kysely's operation nodes. Nothing
// here is SQL text: identifiers are names, values are parameters, and everything an
// engine spells its own way (functions, casts, typed NULLs, null-safe equality, filtered
// aggregates, named subqueries) is a node that each dialect's printer writes (printer.ts).
import type { SqlValue } from '../dialect.ts';
import type { DerivedFunction } from './derived-functions.ts';

/** Functions every engine spells alike; the printer writes them as `name(args)`. */
export type CommonFunction =
  | 'sum'
  | 'min'
  | 'max'
  | 'count'
  | 'avg'
  | 'coalesce'
  | 'floor'
  | 'least'
  | 'greatest'
  | 'round'
  | 'abs'
  /** A logarithm (natural on ClickHouse, base 10 on DuckDB): only ratios of two are meaningful. */
  | 'log'
  | 'isFinite'
  | 'isNaN';

/**
 * Functions each engine spells (or builds) its own way; printer.ts says how. The names
 * are the domain's: what the function answers, not what one engine calls it.
 */
export type DialectFunction =
  | 'startsWith'
  | 'endsWith'
  | 'contains'
  /** The event-time column as µs since the epoch. */
  | 'epochMicros'
  /** A value comparable with the event-time column, from µs since the epoch. */
  | 'timestampFromMicros'
  /** The value where it is a finite number, else NULL. */
  | 'finiteOrNull'
  /** Any one value of the group, cheaper than min() where any will do. */
  | 'anyValue'
  /** A 64-bit hash of its arguments. */
  | 'hash'
  /** NULL where its two arguments are equal, else the first. */
  | 'nullIf'
  /** Text that spells a number as a double, else NULL. */
  | 'parseDouble'
  /** A whole number as its decimal text. */
  | 'integerText'
  /** Its arguments' text, joined. */
  | 'concat'
  /** The first capture group of the pattern in the text, '' where none. */
  | 'regexpExtract'
  /** The text with the first match of the pattern replaced. */
  | 'regexpReplace'
  /** Turns its row into `count` rows, numbered 0 to count-1 (a select-list expression). */
  | 'rowsNumbered'
  /** Any number as a double: integer and float columns then share one type in a UNION ALL. */
  | 'toDouble'
  /** A whole number as the integer type exact sums are kept in (HUGEINT; Int64 on ClickHouse, which has nothing wider). */
  | 'wideInteger'
  /**
   * (value, low, high, buckets): the bucket, 0 to buckets-1, of the value in [low, high] cut
   * into equal buckets; NULL for NULL and non-finite values; never overflows (numeric-range.ts).
   */
  | 'histogramBucket'
  /**
   * The value with NULL read as its type's default ('' or 0): beside an IS NULL, a key in
   * which NULL and the default differ (engines that compare keys null-safely need none).
   */
  | 'nullAsDefault'
  /** (tuple, position): the tuple's element at the position, from 1. */
  | 'tupleElement'
  /** Turns its row into one row per item of its array (a select-list expression). */
  | 'unnest'
  | DerivedFunction;

export type FilteredAggregate = 'sum' | 'min' | 'sumOrZero';

/** A column type as the domain needs it; each printer names the engine's (nullable) type. */
export type SqlType = 'double' | 'bigint' | 'text';

export type BinaryOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export type Expr =
  /** `a` or `a.b`: generated physical names and aliases, quoted by the printer. */
  | { readonly kind: 'identifier'; readonly path: readonly string[] }
  /** `*` or `t.*`. */
  | { readonly kind: 'star'; readonly table?: string }
  /** A value from outside: always a parameter (or the engine's escaped literal). */
  | { readonly kind: 'value'; readonly value: SqlValue }
  /** A constant of the code (a column index, 0, 1, NULL), written as it is. */
  | { readonly kind: 'literal'; readonly value: number | null }
  /**
   * NULL of a type, which a UNION needs where a table lacks a column; `of` names a column
   * of the row, for engines that need the NULL computed from the row (see the ClickHouse printer).
   */
  | { readonly kind: 'typedNull'; readonly type: SqlType; readonly of?: Expr }
  | { readonly kind: 'call'; readonly fn: CommonFunction | DialectFunction; readonly args: readonly Expr[] }
  /** count(DISTINCT x): 0, never NULL, when x is NULL throughout. */
  | { readonly kind: 'countDistinct'; readonly operand: Expr }
  /**
   * An aggregate over only the rows of the group where `condition` holds; NULL where none
   * does, but 0 for `sumOrZero` (of an operand that is never NULL).
   */
  | { readonly kind: 'filtered'; readonly fn: FilteredAggregate; readonly operand: Expr; readonly condition: Expr }
  | { readonly kind: 'cast'; readonly operand: Expr; readonly type: SqlType }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  /** Equality that holds between two NULLs. */
  | { readonly kind: 'nullSafeEqual'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'junction'; readonly op: 'AND' | 'OR'; readonly items: readonly Expr[] }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'isNull'; readonly operand: Expr; readonly negated: boolean }
  | { readonly kind: 'in'; readonly operand: Expr; readonly list: readonly Expr[] | QueryNode; readonly negated: boolean }
  | { readonly kind: 'case'; readonly whens: readonly (readonly [Expr, Expr])[]; readonly otherwise?: Expr }
  | { readonly kind: 'parens'; readonly expr: Expr }
  | { readonly kind: 'subquery'; readonly query: QueryNode }
  | { readonly kind: 'window'; readonly fn: Expr; readonly partitionBy: readonly Expr[]; readonly orderBy: readonly OrderItem[]; readonly frame?: WindowFrame }
  | { readonly kind: 'alias'; readonly expr: Expr; readonly name: string }
  /** 1 where the row is a total over the columns of a grouping set, else 0. */
  | { readonly kind: 'grouping'; readonly columns: readonly Expr[] }
  /** `(a, b)`: several values as one, compared as one (as with IN) or read back by position with `tupleElement`. */
  | { readonly kind: 'tuple'; readonly items: readonly Expr[] }
  /** An array of the items. */
  | { readonly kind: 'array'; readonly items: readonly Expr[] }
  /** The item at a 1-based position of an array. */
  | { readonly kind: 'element'; readonly array: Expr; readonly index: number }
  /**
   * An array of weighted quantiles of `value`, one per fraction: the smallest value whose
   * cumulative weight reaches the fraction of the total weight (not interpolated).
   */
  | { readonly kind: 'weightedQuantiles'; readonly fractions: readonly number[]; readonly value: Expr; readonly weight: Expr }
  /** An aggregate (count of distinct values or weighted quantiles) kept as a state that later merges. */
  | { readonly kind: 'aggregateState'; readonly aggregate: Expr }
  /** The answer of `aggregate`, merged from its states in `state` (see aggregateState). */
  | { readonly kind: 'mergeStates'; readonly aggregate: Expr; readonly state: Expr }
  /**
   * The bucket, 0 to buckets-1, of the value in a known finite [low, high] cut into equal
   * buckets; values outside go to the nearest end bucket; NULL for NULL and non-finite values.
   */
  | { readonly kind: 'knownRangeBucket'; readonly value: Expr; readonly low: number; readonly high: number; readonly buckets: number };

/** The frames the code uses; kept as a closed set so every printer knows each one. */
export type WindowFrame = 'rows to current' | 'rows before current' | 'rows whole partition' | 'rows unbounded preceding';

export interface OrderItem {
  readonly expr: Expr;
  readonly direction?: 'ASC' | 'DESC';
  readonly nullsLast?: boolean;
}

/** What a FROM or a JOIN reads. */
export type FromNode =
  /** A physical table. */
  | { readonly kind: 'table'; readonly name: string; readonly alias?: string }
  /** A relation named in an enclosing WITH. */
  | { readonly kind: 'named'; readonly name: string; readonly alias?: string }
  | { readonly kind: 'derived'; readonly query: QueryNode; readonly alias?: string }
  /** Each row of `from` once per item of `items`, the item as the column `alias`. */
  | { readonly kind: 'unnest'; readonly from: FromNode; readonly items: readonly Expr[]; readonly alias: string };

export interface JoinNode {
  /** `cross` has no condition. */
  readonly type: 'inner' | 'left' | 'cross';
  readonly from: FromNode;
  readonly on?: Expr;
  /** Columns of the same name on both sides that must be equal, in place of `on`. */
  readonly using?: readonly string[];
  /** Whether `from` has at most one row for each row it joins (ClickHouse then joins ANY). */
  readonly unique?: boolean;
}

/** A named relation; `reuse` says whether the engine should compute it once or read through it each time. */
export interface CteNode {
  readonly name: string;
  readonly query: QueryNode;
  readonly reuse?: 'materialize' | 'inline';
}

export interface SelectNode {
  readonly kind: 'select';
  readonly with?: readonly CteNode[];
  readonly columns: readonly Expr[];
  readonly from?: FromNode;
  readonly joins?: readonly JoinNode[];
  readonly where?: Expr;
  readonly groupBy?: readonly Expr[];
  /** GROUP BY GROUPING SETS; only where the printer supports them. */
  readonly groupingSets?: readonly (readonly Expr[])[];
  readonly having?: Expr;
  readonly orderBy?: readonly OrderItem[];
  readonly limit?: Expr;
  /** Keeps the first `limit` rows of each group of equal `by` values, in the statement's ORDER BY. */
  readonly limitBy?: { readonly limit: Expr; readonly by: readonly Expr[] };
}

/** UNION ALL of queries; its ORDER BY orders the whole union. */
export interface UnionNode {
  readonly kind: 'union';
  readonly with?: readonly CteNode[];
  readonly queries: readonly QueryNode[];
  readonly orderBy?: readonly OrderItem[];
}

export type QueryNode = SelectNode | UnionNode;
