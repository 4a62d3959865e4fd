// Runs a node tree on a store: printed in the SQL of the store's engine, then queried. The
// one way features reach a store with SQL they built as nodes.
import { printStatement, type QueryNode, type StatementNode } from '@flashlight/query';
import { dialectForEngine } from '../query/dialect-for-engine.ts';
import type { Store } from './store.ts';

/** What running a node needs of a store: its engine, to print for, and its query. */
export type NodeRunner = Pick<Store, 'engine' | 'query'>;

export function runNode(store: NodeRunner, node: QueryNode | StatementNode): Promise<Record<string, unknown>[]> {
  const { sql, params } = printStatement(node, dialectForEngine(store.engine));
  return store.query(sql, params);
}
