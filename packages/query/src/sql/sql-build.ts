// Builders for the node tree: short calls that return frozen nodes, so code that makes a
// statement reads like the statement. They check nothing and write no SQL.
import type { SqlValue } from '../dialect.ts';
import type {
  BinaryOp,
  CommonFunction,
  CteNode,
  DialectFunction,
  Expr,
  FilteredAggregate,
  FromNode,
  JoinNode,
  OrderItem,
  QueryNode,
  SelectNode,
  SqlType,
  UnionNode,
  WindowFrame,
} from './sql-node.ts';

/** Frozen, with the lists it holds. */
function node<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (Array.isArray(child)) Object.freeze(child);
  return Object.freeze(value);
}

/** A generated name (column, alias, relation), or `table.column`. */
export const id = (...path: string[]): Expr => node({ kind: 'identifier', path });
export const star = (table?: string): Expr => node(table ? { kind: 'star', table } : { kind: 'star' });
/** A value from outside the code: always a parameter. */
export const val = (value: SqlValue): Expr => node({ kind: 'value', value });
/** A constant of the code, written as it is. */
export const lit = (value: number | null): Expr => node({ kind: 'literal', value });
export const NULL = lit(null);
export const typedNull = (type: SqlType, of?: Expr): Expr => node(of ? { kind: 'typedNull', type, of } : { kind: 'typedNull', type });
export const fn = (name: CommonFunction | DialectFunction, ...args: Expr[]): Expr => node({ kind: 'call', fn: name, args });
export const countDistinct = (operand: Expr): Expr => node({ kind: 'countDistinct', operand });
export const filtered = (name: FilteredAggregate, operand: Expr, condition: Expr): Expr => node({ kind: 'filtered', fn: name, operand, condition });
export const cast = (operand: Expr, type: SqlType): Expr => node({ kind: 'cast', operand, type });
export const op = (operator: BinaryOp, left: Expr, right: Expr): Expr => node({ kind: 'binary', op: operator, left, right });
export const eq = (left: Expr, right: Expr) => op('=', left, right);
export const nullSafeEq = (left: Expr, right: Expr): Expr => node({ kind: 'nullSafeEqual', left, right });
export const and = (...items: Expr[]): Expr => (items.length === 1 ? items[0] : node({ kind: 'junction', op: 'AND', items }));
export const or = (...items: Expr[]): Expr => (items.length === 1 ? items[0] : node({ kind: 'junction', op: 'OR', items }));
export const not = (operand: Expr): Expr => node({ kind: 'not', operand });
export const isNull = (operand: Expr): Expr => node({ kind: 'isNull', operand, negated: false });
export const isNotNull = (operand: Expr): Expr => node({ kind: 'isNull', operand, negated: true });
export const inList = (operand: Expr, list: readonly Expr[] | QueryNode, negated = false): Expr => node({ kind: 'in', operand, list, negated });
export const caseWhen = (whens: readonly (readonly [Expr, Expr])[], otherwise?: Expr): Expr =>
  node(otherwise ? { kind: 'case', whens, otherwise } : { kind: 'case', whens });
export const parens = (expr: Expr): Expr => node({ kind: 'parens', expr });
export const subquery = (query: QueryNode): Expr => node({ kind: 'subquery', query });
export const over = (call: Expr, window: { partitionBy?: readonly Expr[]; orderBy?: readonly OrderItem[]; frame?: WindowFrame }): Expr =>
  node({ kind: 'window', fn: call, partitionBy: window.partitionBy ?? [], orderBy: window.orderBy ?? [], ...(window.frame ? { frame: window.frame } : {}) });
export const as = (expr: Expr, name: string): Expr => node({ kind: 'alias', expr, name });
export const grouping = (...columns: Expr[]): Expr => node({ kind: 'grouping', columns });
export const tuple = (...items: Expr[]): Expr => node({ kind: 'tuple', items });
export const array = (...items: Expr[]): Expr => node({ kind: 'array', items });
/** The item at a 1-based position. */
export const element = (array: Expr, index: number): Expr => node({ kind: 'element', array, index });
export const weightedQuantiles = (fractions: readonly number[], value: Expr, weight: Expr): Expr =>
  node({ kind: 'weightedQuantiles', fractions, value, weight });
export const aggregateState = (aggregate: Expr): Expr => node({ kind: 'aggregateState', aggregate });
export const mergeStates = (aggregate: Expr, state: Expr): Expr => node({ kind: 'mergeStates', aggregate, state });
/** Bounds enter as numbers the printer writes; only finite ones with low <= high are a range. */
export function knownRangeBucket(value: Expr, low: number, high: number, buckets: number): Expr {
  for (const bound of [low, high]) {
    if (typeof bound !== 'number' || !Number.isFinite(bound)) throw new RangeError(`a known range's bound must be a finite number, not ${String(bound)}`);
  }
  if (low > high) throw new RangeError(`a known range's low end ${low} is above its high end ${high}`);
  return node({ kind: 'knownRangeBucket', value, low, high, buckets });
}

export const asc = (expr: Expr, nullsLast = false): OrderItem => node({ expr, direction: 'ASC', nullsLast });
export const desc = (expr: Expr, nullsLast = false): OrderItem => node({ expr, direction: 'DESC', nullsLast });
/** In the engine's default order. */
export const by = (expr: Expr): OrderItem => node({ expr });

export const table = (name: string, alias?: string): FromNode => node(alias ? { kind: 'table', name, alias } : { kind: 'table', name });
/** A relation named in an enclosing WITH. */
export const named = (name: string, alias?: string): FromNode => node(alias ? { kind: 'named', name, alias } : { kind: 'named', name });
export const derived = (query: QueryNode, alias?: string): FromNode => node(alias ? { kind: 'derived', query, alias } : { kind: 'derived', query });
/** Each row of `from` once per item, the item as `alias`. */
export const unnest = (from: FromNode, items: readonly Expr[], alias: string): FromNode => node({ kind: 'unnest', from, items, alias });
export const join = (from: FromNode, on: Expr): JoinNode => node({ type: 'inner', from, on });
export const leftJoin = (from: FromNode, on: Expr): JoinNode => node({ type: 'left', from, on });
/** Joins the one row of `from` whose `using` columns equal the row's (at most one: `from` is unique on them). */
export const joinOne = (from: FromNode, using: readonly string[], type: 'inner' | 'left' = 'inner'): JoinNode => node({ type, from, using, unique: true });
export const crossJoin = (from: FromNode): JoinNode => node({ type: 'cross', from });
export const cte = (name: string, query: QueryNode, reuse?: CteNode['reuse']): CteNode => node(reuse ? { name, query, reuse } : { name, query });

export const select = (parts: Omit<SelectNode, 'kind'>): SelectNode => node({ kind: 'select', ...parts });
export const unionAll = (queries: readonly QueryNode[], parts: Omit<UnionNode, 'kind' | 'queries'> = {}): QueryNode =>
  queries.length === 1 && !parts.with && !parts.orderBy ? queries[0] : node({ kind: 'union', queries, ...parts });
