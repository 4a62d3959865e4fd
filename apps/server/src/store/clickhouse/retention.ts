// Retention on ClickHouse: event tables and the trace index are partitioned by day, so
// dropping the days wholly older than the window frees their space at once, with no
// mutation.
import { clickHouseDialect, clickHouseStringLiteral } from '@flashlight/query';
import type { ClickHouseNodes } from './clickhouse-nodes.ts';
import { TRACE_INDEX_TABLE } from './catalog-tables.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Drops, on every node, each day partition that ends before `now - retentionMs`. Returns how many. */
export async function dropExpiredPartitions(nodes: ClickHouseNodes, retentionMs: number, now: number): Promise<number> {
  // A day partition 'YYYY-MM-DD' is expired when the whole day lies before the cutoff.
  const lastExpiredDay = new Date(Math.floor((now - retentionMs) / DAY_MS) * DAY_MS - DAY_MS).toISOString().slice(0, 10);
  let dropped = 0;
  for (const node of nodes.nodes) {
    const parts = await node.select(
      `SELECT DISTINCT table, partition_id FROM system.parts
        WHERE database = currentDatabase() AND active AND toString(partition) <= ${clickHouseStringLiteral(lastExpiredDay)}
          AND (startsWith(table, 'ds_') OR table = ${clickHouseStringLiteral(nodes.localTable(TRACE_INDEX_TABLE))})`,
    );
    for (const row of parts.data) {
      await node.command(
        `ALTER TABLE ${clickHouseDialect.printer().quote(row.table as string)} DROP PARTITION ID ${clickHouseStringLiteral(row.partition_id as string)}`,
      );
      dropped++;
    }
  }
  return dropped;
}
