// Writes one commit plan to ClickHouse, in the order that keeps a crash harmless:
// schema and catalog rows first, then the trace index, then the events. ClickHouse has
// no transactions; a plan cut short leaves columns and catalog rows without events,
// which read as fields no event has, and a retried plan writes the same catalog rows
// again, which the catalog folds away. Once `insert` resolves, ClickHouse has written the events (see durability
// in docs/clickhouse.md).
import { setImmediate } from 'node:timers/promises';
import { wellFormedText } from '@flashlight/query';
import type { FieldEntry } from '../catalog.ts';
import type { CommitPlan } from '../commit-plan.ts';
import { ClickHouseError, DUPLICATE_COLUMN } from './clickhouse-http.ts';
import { COLUMN_TYPES, type ClickHouseNodes } from './clickhouse-nodes.ts';
import { tabSeparatedRows } from './tab-separated-rows.ts';
import { DATASET_COLUMNS_TABLE, DATASETS_TABLE, FIELD_TYPES_TABLE, FIELDS_TABLE, TRACE_INDEX_TABLE } from './catalog-tables.ts';

/** Another server registered a field of this commit first; reload the catalog and plan again. */
export class FieldRegistrationConflict extends Error {
  constructor(readonly fields: readonly string[]) {
    super(`one of the fields ${fields.map((field) => JSON.stringify(field)).join(', ')} was registered by another server at the same time`);
    this.name = 'FieldRegistrationConflict';
  }
}

// Inserts through a Distributed table answer only once every shard has the rows.
const INSERT_SETTINGS = { insert_distributed_sync: 1 };

const jsonLines = (rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n');

export async function writeCommitPlan(nodes: ClickHouseNodes, plan: CommitPlan): Promise<void> {
  await registerFields(nodes, plan);
  await writeDatasets(nodes, plan);
  if (plan.traces.length > 0) {
    await nodes.main.insert(
      TRACE_INDEX_TABLE,
      jsonLines(
        plan.traces.map((t) => ({
          environment: t.environment,
          trace_id: wellFormedText(t.traceId),
          table_name: t.table,
          min_ts: t.minTimeUs,
          max_ts: t.maxTimeUs,
        })),
      ),
      INSERT_SETTINGS,
    );
  }
  // One insert per table, all in flight at once: ClickHouse parses each on its own thread,
  // and each request leaves before the next table's rows are written, so writing and
  // parsing overlap.
  const inserts: Promise<void>[] = [];
  for (const write of plan.writes) {
    const { columns, body } = tabSeparatedRows(write);
    const insert = nodes.main.insert(write.dataset.table, body, INSERT_SETTINGS, columns);
    // Promise.all below reports a failure; one that comes while later rows are written
    // must not count as unhandled meanwhile.
    insert.catch(() => {});
    inserts.push(insert);
    await setImmediate();
  }
  await Promise.all(inserts);
}

/** New fields by compare-and-set on their type columns, all at once; widened fields in every table. */
async function registerFields(nodes: ClickHouseNodes, plan: CommitPlan): Promise<void> {
  const fresh: { environment: string; field: FieldEntry }[] = [];
  for (const [environment, env] of plan.draft.environments()) {
    const committed = plan.draft.base.environments.get(environment);
    for (const field of env.fields.values()) {
      const before = committed?.fields.get(field.name);
      if (!before) fresh.push({ environment, field });
      else if (before.type !== field.type) await nodes.retypeColumn({ name: field.column, type: COLUMN_TYPES[field.type] });
    }
  }
  if (fresh.length === 0) return;
  await nodes.main.insert(FIELDS_TABLE, jsonLines(fresh.map(({ environment, field }) => ({ environment, name: field.name, column_name: field.column }))));
  // One ALTER for them all: ClickHouse checks every ADD before it applies any, so when
  // another server registered one of them first, none is registered, and the commit plans
  // again on the catalog that has it. An ALTER per field took minutes for a wide dataset.
  try {
    await nodes.main.command(
      `ALTER TABLE ${FIELD_TYPES_TABLE} ${fresh.map(({ field }) => `ADD COLUMN ${field.column} ${COLUMN_TYPES[field.type]}`).join(', ')}`,
    );
  } catch (error) {
    if (error instanceof ClickHouseError && error.code === DUPLICATE_COLUMN) throw new FieldRegistrationConflict(fresh.map(({ field }) => field.name));
    throw error;
  }
}

/** New tables, new columns, and the catalog rows for datasets and their columns. */
async function writeDatasets(nodes: ClickHouseNodes, plan: CommitPlan): Promise<void> {
  const datasetRows: object[] = [];
  const columnRows: object[] = [];
  for (const [environment, env] of plan.draft.environments()) {
    const committed = plan.draft.base.environments.get(environment);
    const typeByColumn = new Map([...env.fields.values()].map((f) => [f.column, COLUMN_TYPES[f.type]]));
    for (const dataset of env.datasets.values()) {
      const before = committed?.datasets.get(dataset.name);
      if (before === dataset) continue;
      if (!before) await nodes.createEventTable(dataset.table);
      const added = [...dataset.columns.keys()].filter((column) => !before?.columns.has(column));
      // The registry's type, which another server may have widened since this one looked:
      // every table of an environment must agree, or queries over all of them fail.
      const registered = await nodes.registeredTypes(FIELD_TYPES_TABLE, added);
      await nodes.addColumns(
        dataset.table,
        added.map((name) => ({ name, type: registered.get(name) ?? typeByColumn.get(name)! })),
      );
      for (const [column, seen] of dataset.columns) {
        const old = before?.columns.get(column);
        if (!old || old.lastSeen !== seen.lastSeen) {
          columnRows.push({ table_name: dataset.table, column_name: column, first_seen: seen.firstSeen, last_seen: seen.lastSeen });
        }
      }
      if (!before || before.lastEventAt !== dataset.lastEventAt) {
        datasetRows.push({
          environment,
          name: dataset.name,
          table_name: dataset.table,
          created_at: dataset.createdAt,
          last_event_at: dataset.lastEventAt ?? 0,
        });
      }
    }
  }
  await Promise.all([nodes.main.insert(DATASET_COLUMNS_TABLE, jsonLines(columnRows)), nodes.main.insert(DATASETS_TABLE, jsonLines(datasetRows))]);
}
