// The ClickHouse servers a store talks to, and the DDL that must reach each of them.
// One node: dataset tables are MergeTrees. A cluster: every shard holds a local MergeTree
// `<table>_local` and every node a Distributed table `<table>` over them, so reads and
// inserts may go through any node; queries take turns over them. The first node keeps
// the catalog tables and takes the inserts; the trace index is sharded like the events,
// by trace id. ClickHouse 18.16 runs `ON CLUSTER` DDL only with ZooKeeper, so Flashlight
// sends each schema change to every node itself: it needs every shard's URL.
import type { FieldType } from '@flashlight/query';
import { SAMPLE_RATE_COLUMN, TIMESTAMP_COLUMN, clickHouseStringLiteral } from '@flashlight/query';
import { ClickHouseHttp, ClickHouseError, DUPLICATE_COLUMN } from './clickhouse-http.ts';

export const COLUMN_TYPES: Record<FieldType, string> = {
  string: 'Nullable(String)',
  integer: 'Nullable(Int64)',
  float: 'Nullable(Float64)',
  boolean: 'Nullable(UInt8)',
};

export function fieldTypeOfColumn(type: string): FieldType | undefined {
  return (Object.keys(COLUMN_TYPES) as FieldType[]).find((t) => COLUMN_TYPES[t] === type);
}

/** Day partitions of the µs timestamp: retention drops whole days. */
export const DAY_PARTITION = (column: string) => `toDate(intDiv(${column}, 1000000))`;

export interface ColumnSpec {
  name: string;
  type: string;
}

export class ClickHouseNodes {
  /** Inserts and the catalog go here. */
  readonly main: ClickHouseHttp;
  private nextReader = 0;

  constructor(
    readonly nodes: ClickHouseHttp[],
    readonly cluster: string | undefined,
    readonly database: string,
  ) {
    this.main = nodes[0];
  }

  /**
   * Where the next query goes: every node has the Distributed tables, so queries take
   * turns over them and the merging of shards' partial results is spread too.
   */
  reader(): ClickHouseHttp {
    return this.nodes[this.nextReader++ % this.nodes.length];
  }

  /** The MergeTree that stores a dataset table's rows on each shard. */
  localTable(table: string): string {
    return this.cluster ? `${table}_local` : table;
  }

  async createDatabase(): Promise<void> {
    for (const node of this.nodes) await node.command(`CREATE DATABASE IF NOT EXISTS \`${this.database}\``);
  }

  /** A dataset's table: time first, by day, spread evenly over the shards. */
  async createEventTable(table: string): Promise<void> {
    await this.createShardedTable(table, {
      columns: `${TIMESTAMP_COLUMN} Int64, ${SAMPLE_RATE_COLUMN} Float64`,
      engine: `MergeTree() PARTITION BY ${DAY_PARTITION(TIMESTAMP_COLUMN)} ORDER BY ${TIMESTAMP_COLUMN}`,
      // Random sharding spreads every dataset evenly; trace reads go through the index.
      shardingKey: 'rand()',
    });
  }

  /**
   * A MergeTree on every shard and, on a cluster, a Distributed table over them on every
   * node. Safe to repeat and to race: every statement is IF NOT EXISTS.
   */
  async createShardedTable(table: string, spec: { columns: string; engine: string; shardingKey: string }): Promise<void> {
    const local = this.localTable(table);
    for (const node of this.nodes) await node.command(`CREATE TABLE IF NOT EXISTS ${local} (${spec.columns}) ENGINE = ${spec.engine}`);
    if (!this.cluster) return;
    for (const node of this.nodes) {
      await node.command(
        `CREATE TABLE IF NOT EXISTS ${table} AS ${local} ENGINE = Distributed(${this.cluster}, ${this.database}, ${local}, ${spec.shardingKey})`,
      );
    }
  }

  /** Adds the columns a table lacks, on every shard and then every Distributed table. */
  async addColumns(table: string, columns: ColumnSpec[]): Promise<void> {
    if (columns.length === 0) return;
    for (const node of this.nodes) await addMissingColumns(node, this.localTable(table), columns);
    if (this.cluster) for (const node of this.nodes) await addMissingColumns(node, table, columns);
  }

  /**
   * Gives a column of a dataset table its new type on every node: the local tables first,
   * then the Distributed tables over them. Safe to repeat and to race.
   */
  async retypeColumn(table: string, column: ColumnSpec): Promise<void> {
    for (const name of this.cluster ? [this.localTable(table), table] : [table]) {
      for (const node of this.nodes) {
        const { data } = await node.select(
          `SELECT count() AS n FROM system.columns WHERE database = currentDatabase() AND table = ${clickHouseStringLiteral(name)}
              AND name = ${clickHouseStringLiteral(column.name)} AND type != ${clickHouseStringLiteral(column.type)}`,
        );
        if (Number(data[0].n) > 0) await node.command(`ALTER TABLE ${name} MODIFY COLUMN ${column.name} ${column.type}`);
      }
    }
  }

  /** The registered type of each of these columns, from the field type registry. */
  async registeredTypes(registry: string, columns: string[]): Promise<Map<string, string>> {
    if (columns.length === 0) return new Map();
    const { data } = await this.main.select(
      `SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = ${clickHouseStringLiteral(registry)}
          AND name IN (${columns.map(clickHouseStringLiteral).join(', ')})`,
    );
    return new Map(data.map((row) => [row.name as string, row.type as string]));
  }
}

/**
 * ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS: add what system.columns lacks, and
 * when another server adds one at the same moment, add the rest one by one.
 */
export async function addMissingColumns(node: ClickHouseHttp, table: string, columns: ColumnSpec[]): Promise<void> {
  const existing = await node.select(`SELECT name FROM system.columns WHERE database = currentDatabase() AND table = ${clickHouseStringLiteral(table)}`);
  const present = new Set(existing.data.map((row) => row.name as string));
  const missing = columns.filter((c) => !present.has(c.name));
  if (missing.length === 0) return;
  const add = (list: ColumnSpec[]) => `ALTER TABLE ${table} ${list.map((c) => `ADD COLUMN ${c.name} ${c.type}`).join(', ')}`;
  try {
    await node.command(add(missing));
  } catch (error) {
    if (!(error instanceof ClickHouseError) || error.code !== DUPLICATE_COLUMN) throw error;
    for (const column of missing) {
      await node.command(add([column])).catch((e) => {
        if (!(e instanceof ClickHouseError) || e.code !== DUPLICATE_COLUMN) throw e;
      });
    }
  }
}
