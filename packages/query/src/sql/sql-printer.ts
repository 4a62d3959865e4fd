// Walks a node tree and writes SQL text, as kysely's query compiler does. Everything both
// engines write alike is here; each engine's printer overrides the hooks where it differs
// (quoting, parameters, functions, types, named subqueries) and nothing else.
import type { SqlValue } from '../dialect.ts';
import type {
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
import type { StatementSpelling } from './statement-printer.ts';

/** A statement ready to run: its text and the values its placeholders stand for. */
export interface PrintedSql {
  sql: string;
  params: unknown[];
}

const FRAMES: Record<WindowFrame, string> = {
  'rows to current': 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW',
  'rows before current': 'ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING',
  'rows whole partition': 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING',
  'rows unbounded preceding': 'ROWS UNBOUNDED PRECEDING',
};

export abstract class SqlPrinter {
  /** @param params values of the statement, in placeholder order (a statement printed in parts shares one list) */
  constructor(readonly params: unknown[] = []) {}

  abstract quote(name: string): string;
  /** How this engine writes CREATE TABLE, INSERT, UPDATE and DELETE (statement-printer.ts). */
  abstract readonly statements: StatementSpelling;
  /** How the statement refers to a value: a placeholder (recorded in `params`) or a literal. */
  abstract value(value: SqlValue): string;
  /** A function each engine writes its own way, from its printed arguments. */
  protected abstract dialectFunction(fn: DialectFunction, args: readonly string[], nodes: readonly Expr[]): string;
  protected abstract cast(operand: string, type: SqlType): string;
  protected abstract typedNull(type: SqlType, of: string | undefined): string;
  protected abstract countDistinct(operand: string): string;
  abstract filtered(fn: FilteredAggregate, operand: string, condition: string): string;
  /** The array of weighted quantiles, or its state (`State`) or the merge of its states (`Merge`). */
  protected abstract weightedQuantiles(fractions: readonly number[], args: readonly string[], stage?: 'State' | 'Merge'): string;
  protected abstract countDistinctState(operand: string, stage: 'State' | 'Merge'): string;
  protected abstract element(array: string, index: number): string;
  protected abstract knownRangeBucket(value: string, low: number, high: number, buckets: number): string;
  /** `from`, each row once per item, the item as `alias`. */
  protected abstract unnest(from: string, items: string, alias: string): string;
  protected abstract nullSafeEqual(left: string, right: string): string;
  /** A FROM of a relation named in an enclosing WITH. */
  protected abstract named(from: FromNode & { kind: 'named' }): string;
  protected abstract withClause(ctes: readonly CteNode[]): string;
  protected abstract orderedUnion(union: string, orderBy: string): string;
  /** How a statement keeps its first rows per group: a clause before its ORDER BY, or one after it. */
  protected abstract limitBy(limitBy: NonNullable<SelectNode['limitBy']>, orderBy: readonly OrderItem[]): { beforeOrder?: string; afterOrder?: string };

  /** A DELETE of the rows of `table` that `where` holds for. */
  deleteRows(table: string, where: Expr): string {
    return `DELETE FROM ${this.quote(table)} WHERE ${this.expr(where)}`;
  }

  print(query: QueryNode): PrintedSql {
    return { sql: this.query(query), params: this.params };
  }

  query(node: QueryNode): string {
    return node.kind === 'select' ? this.select(node) : this.union(node);
  }

  protected select(node: SelectNode): string {
    return this.withScope(node.with, () => {
      const parts = [`SELECT ${node.columns.map((c) => this.expr(c)).join(', ')}`];
      if (node.from) parts.push(`FROM ${this.from(node.from)}`);
      for (const join of node.joins ?? []) parts.push(this.join(join));
      if (node.where) parts.push(`WHERE ${this.expr(node.where)}`);
      if (node.groupBy && node.groupBy.length > 0) parts.push(`GROUP BY ${this.list(node.groupBy)}`);
      if (node.groupingSets) parts.push(`GROUP BY ${this.groupingSets(node.groupingSets)}`);
      if (node.having) parts.push(`HAVING ${this.expr(node.having)}`);
      const top = node.limitBy ? this.limitBy(node.limitBy, node.orderBy ?? []) : {};
      if (top.beforeOrder) parts.push(top.beforeOrder);
      if (node.orderBy && node.orderBy.length > 0) parts.push(`ORDER BY ${this.orderBy(node.orderBy)}`);
      if (top.afterOrder) parts.push(top.afterOrder);
      if (node.limit) parts.push(`LIMIT ${this.expr(node.limit)}`);
      return parts.join(' ');
    });
  }

  protected groupingSets(sets: readonly (readonly Expr[])[]): string {
    return `GROUPING SETS (${sets.map((set) => `(${this.list(set)})`).join(', ')})`;
  }

  protected union(node: UnionNode): string {
    return this.withScope(node.with, () => {
      const union = node.queries.map((q) => this.query(q)).join(' UNION ALL ');
      return node.orderBy && node.orderBy.length > 0 ? this.orderedUnion(union, this.orderBy(node.orderBy)) : union;
    });
  }

  /** The text `body` writes, under the WITH of `ctes` (the printer decides how a named relation is read). */
  protected withScope(ctes: readonly CteNode[] | undefined, body: () => string): string {
    if (!ctes || ctes.length === 0) return body();
    return `${this.withClause(ctes)}${body()}`;
  }

  protected from(node: FromNode): string {
    switch (node.kind) {
      case 'table':
        return this.aliased(this.quote(node.name), node.alias);
      case 'named':
        return this.named(node);
      case 'derived':
        return this.aliased(`(${this.query(node.query)})`, node.alias);
      case 'unnest':
        return this.unnest(this.from(node.from), this.list(node.items), node.alias);
    }
  }

  protected aliased(sql: string, alias: string | undefined): string {
    return alias ? `${sql} AS ${this.quote(alias)}` : sql;
  }

  protected join(node: JoinNode): string {
    if (node.type === 'cross' || (!node.on && !node.using)) return `CROSS JOIN ${this.from(node.from)}`;
    return `${this.joinKind(node)} ${this.from(node.from)} ${node.using ? this.using(node.using) : `ON ${this.expr(node.on!)}`}`;
  }

  protected joinKind(node: JoinNode): string {
    return node.type === 'left' ? 'LEFT JOIN' : 'JOIN';
  }

  protected using(columns: readonly string[]): string {
    return `USING (${columns.map((c) => this.quote(c)).join(', ')})`;
  }

  protected orderBy(items: readonly OrderItem[]): string {
    return items.map((item) => [this.expr(item.expr), item.direction, item.nullsLast ? 'NULLS LAST' : undefined].filter(Boolean).join(' ')).join(', ');
  }

  protected list(items: readonly Expr[]): string {
    return items.map((item) => this.expr(item)).join(', ');
  }

  /** `node` as an operand of AND, OR or NOT: a junction in parentheses (one of the same kind needs none). */
  private grouped(node: Expr): string {
    return node.kind === 'junction' ? `(${this.expr(node)})` : this.expr(node);
  }

  expr(node: Expr): string {
    switch (node.kind) {
      case 'identifier':
        return node.path.map((name) => this.quote(name)).join('.');
      case 'star':
        return node.table ? `${this.quote(node.table)}.*` : '*';
      case 'value':
        return this.value(node.value);
      case 'literal':
        return node.value === null ? 'NULL' : String(node.value);
      case 'typedNull':
        return this.typedNull(node.type, node.of && this.expr(node.of));
      case 'call':
        return isCommon(node.fn)
          ? `${node.fn}(${this.list(node.args)})`
          : this.dialectFunction(
              node.fn,
              node.args.map((arg) => this.expr(arg)),
              node.args,
            );
      case 'countDistinct':
        return this.countDistinct(this.expr(node.operand));
      case 'filtered':
        return this.filtered(node.fn, this.expr(node.operand), this.expr(node.condition));
      case 'cast':
        return this.cast(this.expr(node.operand), node.type);
      case 'binary':
        return `${this.expr(node.left)} ${node.op} ${this.expr(node.right)}`;
      case 'nullSafeEqual':
        return this.nullSafeEqual(this.expr(node.left), this.expr(node.right));
      case 'junction':
        // AND binds tighter than OR: an item that is itself a junction keeps its own grouping.
        return node.items.map((item) => (item.kind === 'junction' && item.op === node.op ? this.expr(item) : this.grouped(item))).join(` ${node.op} `);
      case 'not':
        return `NOT ${this.grouped(node.operand)}`;
      case 'isNull':
        return `${this.expr(node.operand)} IS ${node.negated ? 'NOT ' : ''}NULL`;
      case 'in': {
        const list = Array.isArray(node.list) ? this.list(node.list as readonly Expr[]) : this.query(node.list as QueryNode);
        return `${this.expr(node.operand)} ${node.negated ? 'NOT IN' : 'IN'} (${list})`;
      }
      case 'case': {
        const whens = node.whens.map(([condition, then]) => `WHEN ${this.expr(condition)} THEN ${this.expr(then)}`);
        return `CASE ${whens.join(' ')}${node.otherwise ? ` ELSE ${this.expr(node.otherwise)}` : ''} END`;
      }
      case 'parens':
        return `(${this.expr(node.expr)})`;
      case 'subquery':
        return `(${this.query(node.query)})`;
      case 'window':
        return this.window(node);
      case 'alias':
        return `${this.expr(node.expr)} AS ${this.quote(node.name)}`;
      case 'grouping':
        return `GROUPING(${this.list(node.columns)})`;
      case 'tuple':
        return `(${this.list(node.items)})`;
      case 'array':
        return `[${this.list(node.items)}]`;
      case 'element':
        return this.element(this.expr(node.array), node.index);
      case 'weightedQuantiles':
        return this.weightedQuantiles(node.fractions, [this.expr(node.value), this.expr(node.weight)]);
      case 'aggregateState':
      case 'mergeStates': {
        const stage = node.kind === 'aggregateState' ? 'State' : 'Merge';
        const { aggregate } = node;
        if (aggregate.kind === 'countDistinct') return this.countDistinctState(this.expr(node.kind === 'mergeStates' ? node.state : aggregate.operand), stage);
        if (aggregate.kind === 'weightedQuantiles') {
          const args = node.kind === 'mergeStates' ? [this.expr(node.state)] : [this.expr(aggregate.value), this.expr(aggregate.weight)];
          return this.weightedQuantiles(aggregate.fractions, args, stage);
        }
        throw new Error(`no state of a ${aggregate.kind} aggregate`);
      }
      case 'knownRangeBucket':
        return this.knownRangeBucket(this.expr(node.value), node.low, node.high, node.buckets);
    }
  }

  protected window(node: Expr & { kind: 'window' }): string {
    const over = [
      node.partitionBy.length > 0 ? `PARTITION BY ${this.list(node.partitionBy)}` : '',
      node.orderBy.length > 0 ? `ORDER BY ${this.orderBy(node.orderBy)}` : '',
      node.frame ? FRAMES[node.frame] : '',
    ].filter(Boolean);
    return `${this.expr(node.fn)} OVER (${over.join(' ')})`;
  }
}

const COMMON = new Set<string>([
  'sum',
  'min',
  'max',
  'count',
  'avg',
  'coalesce',
  'floor',
  'least',
  'greatest',
  'round',
  'abs',
  'log',
  'isFinite',
  'isNaN',
] satisfies CommonFunction[]);
const isCommon = (fn: string): fn is CommonFunction => COMMON.has(fn);
