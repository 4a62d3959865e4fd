// Writes one commit plan to ClickHouse, in the order that keeps a crash harmless:
// schema and catalog rows first, then the trace index, then the events. ClickHouse has
// no transactions; a plan cut short leaves columns and catalog rows without events,
// which read as fields no event has, and a retried plan writes the same catalog rows
// again, which the catalog folds away. Once `insert` resolves, ClickHouse has written the events (see durability
// in docs/clickhouse.md).
import { setImmediate } from 'node:timers/promises';
import { wellFormedText } from '@flashlight/query';
import type { CommitPlan } from '../commit-plan.ts';
import { ClickHouseError, DUPLICATE_COLUMN } from './clickhouse-http.ts';
import { COLUMN_TYPES, type ClickHouseNodes, type ColumnSpec } from './clickhouse-nodes.ts';
import { registryColumn } from './names.ts';
import { tabSeparatedRows } from './tab-separated-rows.ts';
import { DATASET_COLUMNS_TABLE, DATASETS_TABLE, FIELD_TYPES_TABLE, FIELDS_TABLE, retypeDatasetColumn, TRACE_INDEX_TABLE } from './catalog-tables.ts';

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

/**
 * New field names, and the types of new dataset columns by compare-and-set on their
 * registry columns, all at once; widened columns in their dataset's tables.
 */
async function registerFields(nodes: ClickHouseNodes, plan: CommitPlan): Promise<void> {
  const names: object[] = [];
  const fresh: { field: string; registry: ColumnSpec }[] = [];
  for (const [environment, env] of plan.draft.environments()) {
    const committed = plan.draft.base.environments.get(environment);
    const fieldOf = new Map<string, string>();
    for (const field of env.fields.values()) {
      fieldOf.set(field.column, field.name);
      if (!committed?.fields.has(field.name)) names.push({ environment, name: field.name, column_name: field.column });
    }
    for (const dataset of env.datasets.values()) {
      const before = committed?.datasets.get(dataset.name);
      if (before === dataset) continue;
      for (const [column, seen] of dataset.columns) {
        const old = before?.columns.get(column);
        if (!old) fresh.push({ field: fieldOf.get(column)!, registry: { name: registryColumn(dataset.table, column), type: COLUMN_TYPES[seen.type] } });
        else if (old.type !== seen.type) await retypeDatasetColumn(nodes, dataset.table, column, seen.type);
      }
    }
  }
  if (names.length > 0) await nodes.main.insert(FIELDS_TABLE, jsonLines(names));
  let missing = fresh;
  // One ALTER for them all: ClickHouse checks every ADD before it applies any, so when
  // another server registered one of them first, none is registered. Those it registered
  // with the type this commit wants are this commit's too (the other server is between its
  // registration and its catalog rows); the rest are tried again. One registered with another
  // type means the commit plans again on the catalog that has it. An ALTER per field took
  // minutes for a wide dataset.
  while (missing.length > 0) {
    try {
      await nodes.main.command(`ALTER TABLE ${FIELD_TYPES_TABLE} ${missing.map(({ registry }) => `ADD COLUMN ${registry.name} ${registry.type}`).join(', ')}`);
      return;
    } catch (error) {
      if (!(error instanceof ClickHouseError && error.code === DUPLICATE_COLUMN)) throw error;
      const registered = await nodes.registeredTypes(
        FIELD_TYPES_TABLE,
        missing.map(({ registry }) => registry.name),
      );
      const differing = missing.filter(({ registry }) => registered.has(registry.name) && registered.get(registry.name) !== registry.type);
      if (differing.length > 0 || registered.size === 0) throw new FieldRegistrationConflict([...new Set(missing.map(({ field }) => field))]);
      missing = missing.filter(({ registry }) => !registered.has(registry.name));
    }
  }
}

/** New tables, new columns, and the catalog rows for datasets and their columns. */
async function writeDatasets(nodes: ClickHouseNodes, plan: CommitPlan): Promise<void> {
  const datasetRows: object[] = [];
  const columnRows: object[] = [];
  for (const [environment, env] of plan.draft.environments()) {
    const committed = plan.draft.base.environments.get(environment);
    for (const dataset of env.datasets.values()) {
      const before = committed?.datasets.get(dataset.name);
      if (before === dataset) continue;
      if (!before) await nodes.createEventTable(dataset.table);
      const added = [...dataset.columns.keys()].filter((column) => !before?.columns.has(column));
      // The registry's type, which another server may have widened since this one looked:
      // the shards' tables must agree with the Distributed table over them.
      const registered = await nodes.registeredTypes(
        FIELD_TYPES_TABLE,
        added.map((column) => registryColumn(dataset.table, column)),
      );
      await nodes.addColumns(
        dataset.table,
        added.map((name) => ({ name, type: registered.get(registryColumn(dataset.table, name)) ?? COLUMN_TYPES[dataset.columns.get(name)!.type] })),
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
