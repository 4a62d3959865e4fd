// The Store on one embedded DuckDB file: a few writer connections owned by the group
// commit, a fresh connection per query, and the catalog held in memory as committed. While
// the file checkpoints, commits go to a staging file beside it (staging-file.ts).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { QueryTarget } from '@flashlight/query';
import type { DatasetBatch } from '../../events/wide-event.ts';
import type { Logger } from '../../logger.ts';
import type { AppendResult, ColumnInfo, DatasetInfo, EdgeTotals, Store, TraceLocation } from '../store.ts';
import type { Catalog } from '../catalog.ts';
import { EDGE_TOTALS_TABLE, createCatalogTables, loadCatalog } from './catalog-tables.ts';
import { findTracesQuery } from './trace-index.ts';
import { planCommit } from '../commit-plan.ts';
import type { NewColumnBudget } from '../new-column-budget.ts';
import { prepareCommit, writeCommit, type PreparedCommit } from './commit-writer.ts';
import { WriterConnections } from './writer-connections.ts';
import { STAGING_FILE, StagingFile } from './staging-file.ts';
import { MAX_CONFLICT_RETRIES, isWriteConflict } from './transaction.ts';
import { FALLBACK_CHECKPOINT_WAL_BYTES, QUIET_MS, checkpointDecision } from './checkpoint-schedule.ts';
import { GroupCommitQueue } from '../group-commit-queue.ts';
import { submitBatch } from '../submit-batch.ts';
import { DuckDbNaming } from './names.ts';
import { migrateStatusCode } from './status-code-migration.ts';
import { migrateFieldTypes } from './field-types-migration.ts';
import { resultValue } from './result-values.ts';
import { TableRowCounts } from './table-row-counts.ts';
import { deleteExpiredEvents } from './retention.ts';
import { scheduleRetention } from '../retention-schedule.ts';
import { preparePrivateDataDir } from '../data-dir/private-data-dir.ts';
import { openWaitingForLock } from '../data-dir/wait-for-lock.ts';
import { systemClock, type Clock } from '../../clock/clock.ts';
import { engineSettings } from './engine-settings.ts';
import { duckDbQueryError } from './out-of-memory.ts';

export interface DuckDbStoreOptions {
  dataDir: string;
  maxColumnsPerDataset: number;
  maxPendingEvents: number;
  /** New columns each API key may add to a dataset per day; unlimited when absent. */
  newColumns?: NewColumnBudget;
  /** Events older than this are deleted, at start and then hourly; unset keeps all. */
  retentionMs?: number;
  /** How long to wait for the file's lock when another process holds it (one that is exiting); 0 fails at once. */
  lockWaitMs?: number;
  log: Logger;
  /** Time for retention and for the columns' first and last seen; the system's unless a test steps it. */
  clock?: Clock;
  /** The server's memory limit (--memory-limit), of which DuckDB takes its share; unset, DuckDB's default. */
  memoryLimit?: number;
  /** How the main file is checkpointed while commits go to staging; tests hold a checkpoint open with it. */
  checkpointMainFile?: (connection: DuckDBConnection) => Promise<void>;
}

export const DATABASE_FILE = 'flashlight.duckdb';

export interface DuckDbStore extends Store {
  readonly edgeTotals: EdgeTotals;
  /** Transactions committed so far: many appends share one. */
  readonly commits: number;
  /** Checkpoints the file now, commits going to staging meanwhile (as when the WAL is due). */
  checkpoint(): Promise<void>;
}

/**
 * Large enough to spread the fsync over many events; small enough that preparing a group
 * (synchronous, about 2.5 µs per span) holds the event loop for no more than ~50 ms.
 */
const MAX_EVENTS_PER_COMMIT = 20_000;

/**
 * Commits in flight at once, each on its writer connection: one prepares its chunks while
 * another appends and a third waits for its fsync.
 */
const WRITER_CONNECTIONS = 3;
/**
 * A commit costs about 1 ms beside its events for every table it writes (the transaction's
 * local storage, the appender, the WAL entry): a commit beside running ones waits until
 * it has this many events.
 */
const MIN_EVENTS_TO_OVERLAP = 4_000;

/**
 * Two DuckDB instances on one file in one process do not see each other's writes and
 * lose them; file locks only stop other processes, so this process keeps its own list.
 */
const openFiles = new Set<string>();

export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<DuckDbStore> {
  const file = path.resolve(options.dataDir, DATABASE_FILE);
  if (openFiles.has(file)) throw new Error(`the database file ${file} is already open in this process`);
  await preparePrivateDataDir(path.dirname(file));
  let instance: DuckDBInstance;
  try {
    instance = await openWaitingForLock(
      () =>
        DuckDBInstance.create(file, {
          ...engineSettings(path.dirname(file), options.memoryLimit),
          checkpoint_threshold: `${FALLBACK_CHECKPOINT_WAL_BYTES / 1024 ** 2}MiB`,
        }),
      options.lockWaitMs ?? 0,
      () => options.log.info(`the database file ${file} is locked by another process; waiting up to ${options.lockWaitMs} ms for it to exit`),
    );
  } catch (error) {
    const message = (error as Error).message;
    if (/lock/i.test(message)) {
      throw new Error(`the database file ${file} is in use by another Flashlight process; stop it or choose another data directory (${message})`, {
        cause: error,
      });
    }
    throw new Error(`cannot open the database file ${file}: ${message}`, { cause: error });
  }
  openFiles.add(file);
  try {
    return await storeOn(instance, file, path.join(path.dirname(file), STAGING_FILE), options);
  } catch (error) {
    instance.closeSync();
    openFiles.delete(file);
    throw error;
  }
}

/** What the store needs beside its instance: everything but where the file is. */
export type DuckDbEngineOptions = Omit<DuckDbStoreOptions, 'dataDir' | 'lockWaitMs'>;

/** The store over an open instance: a file's, or memory's (store/memory/). */
export async function storeOn(instance: DuckDBInstance, file: string, stagingFile: string, options: DuckDbEngineOptions): Promise<DuckDbStore> {
  const writers = await Promise.all(Array.from({ length: WRITER_CONNECTIONS }, () => instance.connect()));
  const maintenance = await instance.connect();
  await createCatalogTables(maintenance);
  await migrateFieldTypes(maintenance, options.log);
  let catalog = await loadCatalog(maintenance);
  if (await migrateStatusCode(maintenance, catalog, new DuckDbNaming(catalog), options.log)) catalog = await loadCatalog(maintenance);
  const staging = await StagingFile.attach(maintenance, stagingFile);
  options.log.info(`store opened: ${file}`, { environments: catalog.environments.size });
  return new DuckDbFileStore(file, instance, new WriterConnections(writers), maintenance, staging, catalog, new DuckDbNaming(catalog), options);
}

class DuckDbFileStore implements DuckDbStore {
  readonly engine = 'duckdb' as const;
  readonly edgeTotals: EdgeTotals = {
    table: EDGE_TOTALS_TABLE,
    environments: async () => [...this.catalog.environments.keys()].sort(),
  };
  private readonly queue: GroupCommitQueue<DatasetBatch, AppendResult>;
  /**
   * The catalog as it will be once every prepared commit has committed: the next group
   * is planned on top of it while earlier ones are still committing.
   */
  private planned: Catalog;
  /** Bumped whenever a commit fails: plans made before then may rest on what it did not do. */
  private planGeneration = 0;
  /** Numbers plans in the order they were made; the committed catalog takes only newer ones. */
  private planSequence = 0;
  private adoptedSequence = 0;
  private closing: Promise<void> | null = null;
  private checkpointRun: Promise<void> | null = null;
  /**
   * Set from a round's start until reads no longer go through its views: commits go to
   * staging while `staging` is true, and hold their last-seen times while `holdSeen` is.
   */
  private round: Round | null = null;
  /** Commits writing to staging, which a round waits for before moving its rows. */
  private readonly stagedWrites = new Set<Promise<unknown>>();
  private quietCheck: NodeJS.Timeout | null = null;
  private readonly queries = new Set<Promise<unknown>>();
  private readonly stopRetention: () => void;
  private retentionRun: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;

  constructor(
    private readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly writers: WriterConnections,
    /** Checkpoints, staging rounds and the last checkpoint run on it, one at a time. */
    private readonly maintenance: DuckDBConnection,
    private readonly staging: StagingFile,
    /** The catalog as committed: what queries see. */
    private readonly catalog: Catalog,
    private readonly naming: DuckDbNaming,
    private readonly options: DuckDbEngineOptions,
  ) {
    this.planned = catalog.clone();
    this.clock = options.clock ?? systemClock;
    this.queue = new GroupCommitQueue({
      maxPendingEvents: options.maxPendingEvents,
      maxEventsPerCommit: MAX_EVENTS_PER_COMMIT,
      maxConcurrentCommits: WRITER_CONNECTIONS,
      minEventsToOverlap: MIN_EVENTS_TO_OVERLAP,
      eventCount: (batch) => batch.events.length,
      commit: (batches) => this.commitGroup(batches),
    });
    const retentionMs = options.retentionMs;
    this.stopRetention = retentionMs
      ? scheduleRetention(() => (this.retentionRun = this.expire(retentionMs)) as Promise<string | null>, options.log, this.clock)
      : () => {};
  }

  /** Deletes events older than the window, on a connection of its own. */
  private async expire(retentionMs: number): Promise<string | null> {
    const tables = [...this.catalog.environments.values()].flatMap((env) => [...env.datasets.values()].map((d) => d.table));
    const connection = await this.instance.connect();
    try {
      const deleted = await deleteExpiredEvents(connection, tables, (this.clock.now() - retentionMs) * 1000);
      return deleted > 0 ? `deleted ${deleted} events older than ${retentionMs / 3_600_000} h` : null;
    } finally {
      connection.closeSync();
    }
  }

  get commits(): number {
    return this.queue.commits;
  }

  append(batch: DatasetBatch): Promise<AppendResult> {
    return submitBatch(this.queue, this.closing !== null, batch);
  }

  /**
   * Commits the group in one transaction. If that fails, each batch is retried alone so
   * one bad batch fails only its own caller.
   */
  private async commitGroup(batches: DatasetBatch[]): Promise<(AppendResult | Error)[]> {
    try {
      return await this.write(batches);
    } catch (error) {
      if (batches.length === 1) return [this.failed(batches[0], error)];
      const results: (AppendResult | Error)[] = [];
      for (const batch of batches) results.push(await this.commitAlone(batch));
      return results;
    }
  }

  private async commitAlone(batch: DatasetBatch): Promise<AppendResult | Error> {
    try {
      const [result] = await this.write([batch]);
      return result;
    } catch (error) {
      return this.failed(batch, error);
    }
  }

  /**
   * Plans and prepares the batches at once, on top of the commits still in flight, then
   * writes them in turn; a plan that a failed commit made void is made again.
   */
  private async write(batches: DatasetBatch[]): Promise<AppendResult[]> {
    for (let conflicts = 0; ;) {
      const planned = this.prepare(batches);
      try {
        // After a conflict the commit runs alone: the one it raced has finished by then.
        const alone = planned.prepared.changesSchema || conflicts > 0;
        const results = await this.writers.use(alone, (writer) => this.writePrepared(writer, planned));
        if (results) return results;
      } catch (error) {
        // Two commits side by side may both move a dataset's last-seen times (when a commit
        // takes longer than their step): DuckDB refuses the second update of the row, and
        // that commit rolls back whole, to be planned and written again.
        if (!isWriteConflict(error) || ++conflicts > MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  private prepare(batches: DatasetBatch[]): PlannedCommit {
    const plan = planCommit(this.planned, batches, this.options.maxColumnsPerDataset, this.clock.now(), this.naming, this.options.newColumns);
    const prepared = prepareCommit(plan);
    plan.draft.adoptInto(this.planned);
    return { prepared, generation: this.planGeneration, sequence: ++this.planSequence };
  }

  /** Null when a commit failed since the plan was made. */
  private async writePrepared(writer: DuckDBConnection, { prepared, generation, sequence }: PlannedCommit): Promise<AppendResult[] | null> {
    // A schema change goes to the main file, and the round's tables and views are made
    // for the schema it started with: it waits for the round to end (no commit is in
    // flight beside it, so the round ends without it).
    if (prepared.changesSchema && this.round) await this.round.done;
    if (generation !== this.planGeneration) return null;
    try {
      if (this.round?.staging) {
        const staged = this.staging.write(writer, prepared);
        this.stagedWrites.add(staged);
        await staged.finally(() => this.stagedWrites.delete(staged));
      } else if (this.round?.holdSeen) {
        // Only last-seen times besides the rows, with no schema change during a round.
        await writeCommit(writer, { ...prepared, statements: [] });
        this.staging.holdSeen(prepared.statements);
      } else {
        await writeCommit(writer, prepared);
      }
    } catch (error) {
      // Plans made on top of this one are void: plan again from what is committed.
      this.planned = this.catalog.clone();
      this.planGeneration++;
      throw error;
    }
    const { plan } = prepared;
    // Commits that only append may finish out of order; a later plan includes what an
    // earlier one changed, so the catalog never goes back to the earlier one.
    if (sequence > this.adoptedSequence) {
      plan.draft.adoptInto(this.catalog);
      this.adoptedSequence = sequence;
    }
    this.checkpointWhenDue();
    return plan.warnings.map((warnings, i) => ({ stored: plan.eventCounts[i], warnings }));
  }

  /**
   * Starts a checkpoint, in a writer turn of its own, when checkpoint-schedule.ts says it
   * is due; when it waits for a quiet moment, looks again after one.
   */
  private checkpointWhenDue(): void {
    if (this.checkpointRun || this.closing) return;
    this.checkpointRun = (async () => {
      const wal = await stat(`${this.file}.wal`).catch(() => null);
      const decision = wal ? checkpointDecision(wal.size, this.queue.idleMs) : 'not-yet';
      if (decision === 'now') await this.checkpointRound();
      else if (decision === 'when-quiet' && !this.quietCheck) {
        this.quietCheck = setTimeout(() => {
          this.quietCheck = null;
          this.checkpointWhenDue();
        }, QUIET_MS);
        this.quietCheck.unref();
      }
    })()
      .catch((error) => this.options.log.warn('checkpoint failed; tried again after the next commit', { error: (error as Error).message }))
      .finally(() => (this.checkpointRun = null));
  }

  async checkpoint(): Promise<void> {
    while (this.checkpointRun) await this.checkpointRun;
    this.checkpointRun = this.checkpointRound().finally(() => (this.checkpointRun = null));
    await this.checkpointRun;
  }

  /**
   * Folds the WAL into the main file while commits go to the staging file, then moves
   * the staged rows in. Commits are acknowledged all along.
   */
  private async checkpointRound(): Promise<void> {
    // What a failed round left in staging goes to the main file first.
    if (this.staging.holdsRows) await this.endRound(null);
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    const round: Round = { staging: true, holdSeen: true, done, end };
    // Between commits: none is writing to the main file when its checkpoint starts.
    await this.writers.use(true, async (writer) => {
      await this.staging.begin(writer, this.catalog);
      this.round = round;
    });
    try {
      await (this.options.checkpointMainFile ?? ((c) => c.run('CHECKPOINT')))(this.maintenance);
    } finally {
      round.staging = false;
      try {
        await Promise.allSettled(this.stagedWrites);
        await this.endRound(round);
      } finally {
        this.round = null;
        end();
      }
    }
  }

  /** Moves the staged rows into the main file and empties the staging file. */
  private async endRound(round: Round | null): Promise<void> {
    await this.staging.move(this.maintenance);
    await this.staging.writeHeldSeen(this.maintenance);
    if (round) round.holdSeen = false;
    await this.staging.dropViews(this.maintenance);
    // Schema changes may go ahead: no view stands for the schema the round began with.
    this.round = null;
    round?.end();
    // A query that began while the views stood may still read the staged rows.
    await Promise.allSettled(this.queries);
    await this.staging.clear(this.maintenance);
  }

  private failed(batch: DatasetBatch, error: unknown): Error {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.options.log.error('events could not be stored', { dataset: batch.dataset, error: failure.message });
    return failure;
  }

  async datasets(environment: string): Promise<DatasetInfo[]> {
    return this.catalog.datasetInfos(environment);
  }

  async columns(environment: string, dataset: string): Promise<ColumnInfo[]> {
    return this.catalog.columnInfos(environment, dataset);
  }

  private readonly rowCounts = new TableRowCounts(
    (sql, params) => this.query(sql, params),
    () => this.clock.now(),
  );

  async target(environment: string, datasets: string[] | '__all__'): Promise<QueryTarget | null> {
    const target = this.catalog.target(environment, datasets);
    return target && this.rowCounts.attach(target);
  }

  async query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    if (this.closing) throw new Error('the store is closed');
    const running = this.runQuery(sql, params);
    this.queries.add(running);
    try {
      return await running;
    } finally {
      this.queries.delete(running);
    }
  }

  private async runQuery(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
    const connection = await this.instance.connect();
    try {
      if (this.staging.readsThroughViews) await connection.run(this.staging.searchPath);
      const reader = await connection.runAndReadAll(sql, params.map(bindable));
      return reader.convertRowObjects(resultValue);
    } catch (error) {
      throw duckDbQueryError(error, this.options.memoryLimit);
    } finally {
      connection.closeSync();
    }
  }

  findTrace(environment: string, traceId: string): Promise<TraceLocation[]> {
    return this.findTraces(environment, [traceId]);
  }

  async findTraces(environment: string, traceIds: readonly string[]): Promise<TraceLocation[]> {
    if (traceIds.length === 0) return [];
    const { sql, params } = findTracesQuery(environment, traceIds);
    const rows = await this.query(sql, params);
    return rows.flatMap((row) => {
      const table = row.table_name as string;
      const found = this.catalog.datasetByTable(table);
      if (!found) return [];
      return [{ dataset: found.dataset.name, table, minTimeUs: Number(row.min_ts), maxTimeUs: Number(row.max_ts) }];
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        this.stopRetention();
        if (this.quietCheck) clearTimeout(this.quietCheck);
        await this.retentionRun.catch(() => undefined);
        await this.queue.drained();
        await this.checkpointRun;
        // The file counts as open until no query uses it any more.
        await Promise.allSettled(this.queries);
        // Times a commit held back after its round wrote the held ones.
        await this.staging.writeHeldSeen(this.maintenance);
        // The next start then has nothing to replay.
        await this.maintenance.run('CHECKPOINT');
      } finally {
        for (const writer of [...this.writers.all, this.maintenance]) writer.closeSync();
        this.instance.closeSync();
        openFiles.delete(this.file);
      }
    })();
    return this.closing;
  }
}

/** A checkpoint of the main file with commits going to staging, and the move after it. */
interface Round {
  staging: boolean;
  holdSeen: boolean;
  done: Promise<void>;
  end(): void;
}

/** A prepared commit, with when it was planned. */
interface PlannedCommit {
  prepared: PreparedCommit;
  generation: number;
  sequence: number;
}

/** Query parameters as DuckDB values: a Date becomes a TIMESTAMP, an array a LIST. */
function bindable(value: unknown): DuckDBValue {
  if (value instanceof Date) return new DuckDBTimestampValue(BigInt(value.getTime()) * 1000n);
  if (Array.isArray(value)) return listValue(value.map(bindable));
  if (value === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof value)) return value as DuckDBValue;
  throw new TypeError(`unsupported query parameter: ${typeof value}`);
}
