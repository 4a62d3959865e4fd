// The Store on ClickHouse, one node or a sharded cluster. Stateless: the catalog lives in
// ClickHouse, so any number of Flashlight servers may write and read the same database.
// Each keeps a copy of the catalog, refreshed before reads once it is a second old.
import { setTimeout as delay } from 'node:timers/promises';
import { clickHouseStringLiteral, type QueryTarget } from '@flashlight/query';
import type { DatasetBatch } from '../../events/wide-event.ts';
import type { Logger } from '../../logger.ts';
import {
  EngineOutOfMemoryError,
  StoreOverloadedError,
  type AppendResult,
  type ColumnInfo,
  type DatasetInfo,
  type Store,
  type TraceLocation,
} from '../store.ts';
import type { Catalog } from '../catalog.ts';
import { planCommit } from '../commit-plan.ts';
import type { NewColumnBudget } from '../new-column-budget.ts';
import { GroupCommitQueue } from '../group-commit-queue.ts';
import { submitBatch } from '../submit-batch.ts';
import { ClickHouseError, ClickHouseHttp, isTransient, MEMORY_LIMIT_EXCEEDED, TIMEOUT_EXCEEDED } from './clickhouse-http.ts';
import { ClickHouseNodes, COLUMN_TYPES } from './clickhouse-nodes.ts';
import { createCatalogTables, loadCatalog, TRACE_INDEX_TABLE } from './catalog-tables.ts';
import { FieldRegistrationConflict, writeCommitPlan } from './commit-writer.ts';
import { clickHouseNaming } from './names.ts';
import { migrateStatusCode } from './status-code-migration.ts';
import { migrateFieldTypes } from './field-types-migration.ts';
import { resultRows } from './result-values.ts';
import { dropExpiredPartitions } from './retention.ts';
import { scheduleRetention } from '../retention-schedule.ts';
import { systemClock, type Clock } from '../../clock/clock.ts';

export interface ClickHouseStoreOptions {
  /** One node's URL; with `cluster`, every shard's URL, comma-separated (the first keeps the catalog). */
  url: string;
  /** The `remote_servers` cluster whose shards the URLs are. */
  cluster?: string;
  database?: string;
  maxColumnsPerDataset: number;
  maxPendingEvents: number;
  /** New columns each API key may add to a dataset per day; unlimited when absent. */
  newColumns?: NewColumnBudget;
  /** Drop days of events older than this many ms. */
  retentionMs?: number;
  /** Time for retention and for the columns' first and last seen; the system's unless a test steps it. */
  clock?: Clock;
  /** ClickHouse stops a query after this long, so one the API gave up on frees its slot. */
  queryTimeoutMs?: number;
  log: Logger;
}

/** Events per INSERT: large parts merge cheaply; each insert is one HTTP request. */
const MAX_EVENTS_PER_COMMIT = 50_000;
const CATALOG_MAX_AGE_MS = 1000;
/** A commit that keeps meeting fields other servers registered first gives up after this. */
const MAX_REGISTRATION_ATTEMPTS = 8;
/** The pause before a commit plans again, times its attempt: 1.4 s over all eight. */
const REGISTRATION_BACKOFF_MS = 50;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const UNAVAILABLE_RETRY_SECONDS = 5;

export async function openClickHouseStore(options: ClickHouseStoreOptions): Promise<Store> {
  const database = options.database ?? 'default';
  for (const [setting, value] of [
    ['database', database],
    ['cluster', options.cluster],
  ] as const) {
    if (value !== undefined && !IDENTIFIER.test(value))
      throw new Error(`ClickHouse ${setting} ${JSON.stringify(value)} must be a plain name (letters, digits, _)`);
  }
  const urls = options.url
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (urls.length === 0) throw new Error('no ClickHouse URL given');
  if (urls.length > 1 && !options.cluster) throw new Error('several ClickHouse URLs need a cluster name (--clickhouse-cluster)');
  const server = (url: string, db?: string) => new ClickHouseHttp(url, db ? { database: db } : {});

  // The database must exist before any request may name it.
  const bootstrap = new ClickHouseNodes(
    urls.map((url) => server(url)),
    options.cluster,
    database,
  );
  await bootstrap.createDatabase();
  const nodes = new ClickHouseNodes(
    urls.map((url) => server(url, database)),
    options.cluster,
    database,
  );
  if (options.cluster) await checkCluster(nodes, options.cluster);
  await createCatalogTables(nodes);
  await migrateFieldTypes(nodes, options.log);
  let catalog = await loadCatalog(nodes);
  if (options.cluster) await createMissingTables(nodes, catalog);
  if (await migrateStatusCode(nodes, catalog, options.log)) catalog = await loadCatalog(nodes);
  const where = options.cluster ? `cluster ${options.cluster} (${urls.length} shards)` : nodes.main.url;
  options.log.info(`store opened: ClickHouse ${where}, database ${database}`, { environments: catalog.environments.size });
  return new ClickHouseStore(nodes, catalog, options);
}

/** DDL goes to each listed URL, so they must be exactly the cluster's shards. */
async function checkCluster(nodes: ClickHouseNodes, cluster: string): Promise<void> {
  const { data } = await nodes.main.select(
    `SELECT count(DISTINCT shard_num) AS shards FROM system.clusters WHERE cluster = ${clickHouseStringLiteral(cluster)}`,
  );
  const shards = Number(data[0]?.shards ?? 0);
  if (shards === 0) throw new Error(`ClickHouse at ${nodes.main.url} has no cluster ${JSON.stringify(cluster)} in its remote_servers`);
  if (shards !== nodes.nodes.length) {
    throw new Error(`cluster ${JSON.stringify(cluster)} has ${shards} shards but ${nodes.nodes.length} URLs were given: list one URL per shard`);
  }
}

/** Brings a shard added since the tables were made up to date: every table, every column. */
async function createMissingTables(nodes: ClickHouseNodes, catalog: Catalog): Promise<void> {
  for (const env of catalog.environments.values()) {
    for (const dataset of env.datasets.values()) {
      await nodes.createEventTable(dataset.table);
      await nodes.addColumns(
        dataset.table,
        [...dataset.columns].map(([name, seen]) => ({ name, type: COLUMN_TYPES[seen.type] })),
      );
    }
  }
}

/**
 * ClickHouse cannot take the request now (down, overloaded, timing out): callers answer
 * as for a full write queue, 429/503 with Retry-After, so senders retry rather than drop.
 */
export class ClickHouseUnavailableError extends StoreOverloadedError {
  constructor(reason: string) {
    super(UNAVAILABLE_RETRY_SECONDS);
    this.message = `ClickHouse cannot take this now; retry in ${UNAVAILABLE_RETRY_SECONDS}s (${reason})`;
    this.name = 'ClickHouseUnavailableError';
  }
}

/**
 * A failed query as the API answers it: out of memory (503) and failures that pass by
 * themselves (429/503) as the store's errors; a query past its time is the caller's to
 * narrow, not a reason to come back later.
 */
export function clickHouseQueryError(error: unknown): unknown {
  if (!(error instanceof ClickHouseError)) return error;
  if (error.code === MEMORY_LIMIT_EXCEEDED) {
    const reason = /DB::Exception: (.*?)(?:, e\.what\(\)|$)/s.exec(error.message)?.[1] ?? 'memory limit exceeded';
    return new EngineOutOfMemoryError(
      `the query needed more memory than ClickHouse lets it use (${reason}); narrow its time range or breakdowns, or raise max_memory_usage in ClickHouse's settings`,
      { cause: error },
    );
  }
  return isTransient(error) && error.code !== TIMEOUT_EXCEEDED ? new ClickHouseUnavailableError(error.message) : error;
}

class ClickHouseStore implements Store {
  readonly engine = 'clickhouse' as const;
  private readonly queue: GroupCommitQueue<DatasetBatch, AppendResult>;
  private readonly stopRetention: () => void;
  private loadedAt = Date.now();
  /** Bumped by every commit, so a reload that raced one does not replace newer state. */
  private generation = 0;
  private reloading: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  private readonly clock: Clock;

  constructor(
    private readonly nodes: ClickHouseNodes,
    private catalog: Catalog,
    private readonly options: ClickHouseStoreOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.queue = new GroupCommitQueue({
      maxPendingEvents: options.maxPendingEvents,
      maxEventsPerCommit: MAX_EVENTS_PER_COMMIT,
      eventCount: (batch) => batch.events.length,
      commit: (batches) => this.commitGroup(batches),
    });
    const retentionMs = options.retentionMs;
    this.stopRetention = retentionMs
      ? scheduleRetention(
          async () => {
            const dropped = await dropExpiredPartitions(nodes, retentionMs, this.clock.now());
            return dropped > 0 ? `dropped ${dropped} day partitions` : null;
          },
          options.log,
          this.clock,
        )
      : () => {};
  }

  /** Commits written so far; many appends share one. */
  get commits(): number {
    return this.queue.commits;
  }

  append(batch: DatasetBatch): Promise<AppendResult> {
    return submitBatch(this.queue, this.closing !== null, batch);
  }

  /** One commit for the group; if it fails, each batch alone, so a bad batch fails only its caller. */
  private async commitGroup(batches: DatasetBatch[]): Promise<(AppendResult | Error)[]> {
    try {
      return await this.commit(batches);
    } catch (error) {
      if (batches.length === 1) return [this.failed(error)];
      const results: (AppendResult | Error)[] = [];
      for (const batch of batches)
        results.push(
          await this.commit([batch]).then(
            (r) => r[0],
            (e) => this.failed(e),
          ),
        );
      return results;
    }
  }

  private async commit(batches: DatasetBatch[]): Promise<AppendResult[]> {
    for (let attempt = 1; ; attempt++) {
      const plan = planCommit(this.catalog, batches, this.options.maxColumnsPerDataset, this.clock.now(), clickHouseNaming, this.options.newColumns);
      try {
        await writeCommitPlan(this.nodes, plan);
      } catch (error) {
        if (!(error instanceof FieldRegistrationConflict) || attempt >= MAX_REGISTRATION_ATTEMPTS) throw error;
        // The other server writes its catalog rows after its registration: give it the time.
        await delay(REGISTRATION_BACKOFF_MS * attempt);
        await this.reload();
        continue;
      }
      plan.draft.adopt();
      this.generation++;
      // A reload finished while this commit ran and replaced the catalog it planned on.
      if (plan.draft.base !== this.catalog) this.loadedAt = 0;
      return batches.map((batch, i) => ({ stored: batch.events.length, warnings: plan.warnings[i] }));
    }
  }

  private failed(error: unknown): Error {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.options.log.error('events could not be stored', { error: failure.message });
    return isTransient(error) ? new ClickHouseUnavailableError(failure.message) : failure;
  }

  /** Reads the catalog again; concurrent callers share one read. */
  private reload(): Promise<void> {
    this.reloading ??= (async () => {
      const generation = this.generation;
      const startedAt = Date.now();
      try {
        const catalog = await loadCatalog(this.nodes);
        if (generation === this.generation) {
          this.catalog = catalog;
          this.loadedAt = startedAt;
        }
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  /** The catalog, with what other servers added up to a second ago. */
  private async current(): Promise<Catalog> {
    if (Date.now() - this.loadedAt > CATALOG_MAX_AGE_MS) await this.reload();
    return this.catalog;
  }

  async datasets(environment: string): Promise<DatasetInfo[]> {
    return (await this.current()).datasetInfos(environment);
  }

  async columns(environment: string, dataset: string): Promise<ColumnInfo[]> {
    return (await this.current()).columnInfos(environment, dataset);
  }

  async target(environment: string, datasets: string[] | '__all__'): Promise<QueryTarget | null> {
    return (await this.current()).target(environment, datasets);
  }

  /** Values are already literals in ClickHouse SQL (the dialect has no parameters). */
  async query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    if (params.length > 0) throw new Error('ClickHouse SQL takes no parameters: the dialect writes values as literals');
    const { queryTimeoutMs } = this.options;
    const settings: Record<string, number> = queryTimeoutMs ? { max_execution_time: Math.ceil(queryTimeoutMs / 1000) } : {};
    const result = await this.nodes
      .reader()
      .select(sql, settings)
      .catch((error) => {
        throw clickHouseQueryError(error);
      });
    return resultRows(result);
  }

  findTrace(environment: string, traceId: string): Promise<TraceLocation[]> {
    return this.findTraces(environment, [traceId]);
  }

  async findTraces(environment: string, traceIds: readonly string[]): Promise<TraceLocation[]> {
    if (traceIds.length === 0) return [];
    const { data } = await this.nodes.main.select(
      `SELECT table_name, min(min_ts) AS min_ts, max(max_ts) AS max_ts FROM ${TRACE_INDEX_TABLE}
        WHERE environment = ${clickHouseStringLiteral(environment)} AND trace_id IN (${traceIds.map(clickHouseStringLiteral).join(', ')})
        GROUP BY table_name ORDER BY min_ts`,
    );
    const catalog = await this.current();
    return data.flatMap((row) => {
      const table = row.table_name as string;
      const found = catalog.datasetByTable(table);
      if (!found) return [];
      return [{ dataset: found.dataset.name, table, minTimeUs: Number(row.min_ts), maxTimeUs: Number(row.max_ts) }];
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopRetention();
      await this.queue.drained();
    })();
    return this.closing;
  }
}
