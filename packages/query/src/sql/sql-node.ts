// SQL as a tree of small frozen nodes, in the manner of kysely's operation nodes. Nothing
// here is SQL text: identifiers are names, values are parameters, and everything an
// engine spells its own way (functions, casts, typed NULLs, null-safe equality, filtered
// aggregates, named subqueries) is a node that each dialect's printer writes (printer.ts).
import type { SqlValue } from '../dialect.ts';
import type { DerivedFunction } from './derived-functions.ts';

/** Functions every engine spells alike; the printer writes them as `name(args)`. */
export type CommonFunction = 'sum' | 'min' | 'max' | 'count' | 'avg' | 'coalesce' | 'floor' | 'least' | 'greatest' | 'round' | 'abs';

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
  /**
   * (value, low, high, buckets): the bucket, 0 to buckets-1, of the value in [low, high] cut
   * into equal buckets; NULL for NULL and non-finite values; never overflows (numeric-range.ts).
   */
  | 'histogramBucket'
  | DerivedFunction;

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
  /** An aggregate over only the rows of the group where `condition` holds; NULL where none does. */
  | { readonly kind: 'filtered'; readonly fn: 'sum' | 'min'; readonly operand: Expr; readonly condition: Expr }
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
  | { readonly kind: 'grouping'; readonly columns: readonly Expr[] };

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
  | { readonly kind: 'derived'; readonly query: QueryNode; readonly alias: string };

export interface JoinNode {
  /** `cross` has no condition. */
  readonly type: 'inner' | 'left' | 'cross';
  readonly from: FromNode;
  readonly on?: Expr;
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
}

/** UNION ALL of queries; its ORDER BY orders the whole union. */
export interface UnionNode {
  readonly kind: 'union';
  readonly with?: readonly CteNode[];
  readonly queries: readonly QueryNode[];
  readonly orderBy?: readonly OrderItem[];
}

export type QueryNode = SelectNode | UnionNode;
