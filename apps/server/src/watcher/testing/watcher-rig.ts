// Test fixture: the watcher wired as the server wires it (an event store on either engine,
// the control store, the notifier with a webhook), on a clock the test moves, fed with
// planted traffic minute by minute.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseServerConfig } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { openStore } from '../../store/open-store.ts';
import { openDuckDbControlStore } from '../../store/duckdb/index.ts';
import type { Store } from '../../store/store.ts';
import type { ClickHouseDatabase } from '../../testing/clickhouse-database.ts';
import type { ControlStore } from '../../control/control-store.ts';
import { AlertStore } from '../../alerts/alert-store.ts';
import { Notifier } from '../../alerts/notifier.ts';
import { TestClock } from '../../clock/test-clock.ts';
import { seededRandom } from '../../hardening/seeded-random.ts';
import { FindingStore } from '../finding-store.ts';
import { Watcher, INGEST_LAG_SECONDS, type EvaluationReport } from '../watcher.ts';
import { PLANTED_DATASET, trafficMinute, type Traffic } from './planted-changes.ts';

export interface WatcherRig {
  store: Store;
  control: ControlStore;
  watcher: Watcher;
  clock: TestClock;
  /** Writes minute `minute` of the traffic, then moves the clock to just past its end: the watcher evaluates it. */
  playMinute(minute: number): Promise<EvaluationReport | undefined>;
  close(): Promise<void>;
}

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * @param clickhouse the server flags of a ClickHouse database (testing/clickhouse-database.ts); DuckDB without
 * @param history minutes of traffic written before the watcher starts
 */
export async function openWatcherRig(
  traffic: Traffic,
  options: { history: number; webhooks?: readonly { url: string }[]; clickhouse?: ClickHouseDatabase['flags']; log?: Logger; seed?: number },
): Promise<WatcherRig> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-watcher-'));
  const log = options.log ?? silent;
  const store = await openStore(parseServerConfig({ dataDir, quiet: true, ...options.clickhouse }, {}), log);
  const control = await openDuckDbControlStore(dataDir);
  const [alerts, findings] = await Promise.all([AlertStore.open(control), FindingStore.open(control)]);
  const random = seededRandom(options.seed ?? 24);
  const append = (minute: number) => store.append({ environment: 'default', dataset: PLANTED_DATASET, events: trafficMinute(traffic, minute, random) });
  for (let minute = 0; minute < options.history; minute++) await append(minute);
  // The first tick evaluates the last minute of history.
  const clock = new TestClock((traffic.start + options.history * 60 + INGEST_LAG_SECONDS - 60) * 1000);
  const notifier = new Notifier(alerts, log, { attempts: 2, firstDelayMs: 10, timeoutMs: 2000 }, clock);
  let last: EvaluationReport | undefined;
  const watcher = new Watcher(store, control, findings, notifier, log, {
    clock,
    environments: () => ['default'],
    webhooks: options.webhooks,
    onEvaluation: (report) => (last = report),
  });
  watcher.start();
  await clock.advance(60_000);
  return {
    store,
    control,
    watcher,
    clock,
    async playMinute(minute) {
      await append(minute);
      last = undefined;
      await clock.advanceTo((traffic.start + (minute + 1) * 60 + INGEST_LAG_SECONDS) * 1000);
      return last;
    },
    async close() {
      notifier.stop();
      await watcher.stop();
      await Promise.all([store.close(), control.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
