// Relations a statement reads more than once (a descendant's matching spans and its
// trace's parent links), named once at the statement's top: DuckDB computes each once and
// keeps it; ClickHouse, with no WITH of subqueries, writes each where it is read.
import type { CteNode, FromNode, QueryNode } from '../sql/sql-node.ts';
import { cte, named } from '../sql/sql-build.ts';

export interface SharedRelations {
  /** Names `query` for the statement; the read of it, as `alias`. */
  share(query: QueryNode, alias: string): FromNode;
  /** What the statement's WITH holds, each after the relations it reads. */
  readonly ctes: readonly CteNode[];
}

export function sharedRelations(): SharedRelations {
  const ctes: CteNode[] = [];
  return {
    ctes,
    share(query, alias) {
      const name = `rel_${ctes.length}`;
      ctes.push(cte(name, query, 'materialize'));
      return named(name, alias);
    },
  };
}
