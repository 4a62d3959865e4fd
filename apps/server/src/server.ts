// Starts Flashlight: parses the configuration, opens the store, and serves the HTTP app.
import { getRequestListener } from '@hono/node-server';
import { parseServerConfig, type ServerConfig, type ServerConfigInput } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { IngestBudget } from './ingest/ingest-budget.ts';
import { IngestPipeline } from './ingest/ingest-pipeline.ts';
import { KeyRateLimits } from './auth/key-rate-limits.ts';
import { ingestAdmission } from './hardening/ingest-admission.ts';
import { watchEventLoopLag } from './hardening/event-loop-lag.ts';
import type { DeclaredRoute } from './http/routes.ts';
import type { ServerContext } from './server-context.ts';
import { MemoryBudget, warnOfUncappedHeap } from './hardening/memory-budget.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import type { ControlStore } from './control/control-store.ts';
import { openDuckDbControlStore } from './store/duckdb/index.ts';
import { DerivedColumnStore } from './derived/derived-column-store.ts';
import { withDerivedColumns } from './derived/derived-target.ts';
import { LOCK_WAIT_MS } from './store/data-dir/wait-for-lock.ts';
import { KeyRing } from './auth/key-ring.ts';
import { CREATE_FIRST_KEY_HINT, isLoopbackHost, isOpenMode, NoKeysError } from './auth/open-mode.ts';
import { keepConnectionsUnderLoad } from './hardening/keep-alive.ts';
import { ChangeLedger, recordChanges } from './changes/change-ledger.ts';
import { AlertStore } from './alerts/alert-store.ts';
import { AlertScheduler } from './alerts/alert-scheduler.ts';
import { Notifier } from './alerts/notifier.ts';
import { FindingStore } from './watcher/finding-store.ts';
import { Watcher } from './watcher/watcher.ts';
import { DEFAULT_ENVIRONMENT } from './http/environment.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadOtlpGrpc } from './ingest/otlp/grpc/start-otlp-grpc.ts';
import { commitMetrics } from './self/commit-metrics.ts';
import { withAppendSteps } from './store/append-steps.ts';
import { ServerMetrics } from './self/server-metrics.ts';
import { startSelfTelemetry } from './self/self-telemetry.ts';
import { scheduleEdgeRollups } from './flows/edge-rollup.ts';
import { keepsEdgeTotals } from './flows/edge-rollup-read.ts';
import { systemClock, type Clock } from './clock/clock.ts';
import { openMemoryStore } from './store/memory/index.ts';

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4318`. */
  url: string;
  port: number;
  /** The OTLP/gRPC port; undefined when gRPC is off. */
  grpcPort?: number;
  config: ServerConfig;
  store: Store;
  /** Every HTTP route this server answers, with the access each declared. */
  routes: readonly DeclaredRoute[];
  /** Stops accepting requests, lets in-flight ones finish, flushes and closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  log?: Logger;
  /** Time for every time-based feature; tests pass a clock they move. */
  clock?: Clock;
  /** Events in the memory store (tests): nothing outlives the process. */
  memoryStore?: boolean;
}

export async function startServer(flags: ServerConfigInput = {}, options: StartOptions = {}): Promise<RunningServer> {
  const config = parseServerConfig(flags, options.env ?? process.env);
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger({ quiet: config.quiet });
  const memory = new MemoryBudget(config.memoryLimit);
  warnOfUncappedHeap(memory, log);
  const opening = openStores(config, log, clock, options.memoryStore ?? false);
  // The HTTP app and gRPC are most of the server's code: they load while the stores open.
  const appModule = import('./app/app.ts');
  appModule.catch(() => undefined);
  const startGrpc = loadOtlpGrpc(config);
  const { store, control } = await opening;
  const closeStores = () => Promise.all([store.close(), control.close()]);
  const keys = await KeyRing.load(control);
  if (!isLoopbackHost(config.host) && !keys.hasActiveKeys) {
    await closeStores();
    throw new NoKeysError(config.host);
  }
  const [ledger, alerts, findings] = await Promise.all([ChangeLedger.load(control, log, clock), AlertStore.open(control), FindingStore.open(control)]).catch(
    async (error) => {
      await closeStores();
      throw error;
    },
  );
  const metrics = new ServerMetrics();
  const ingestBudget = new IngestBudget(config.maxIngestBytesInFlight, memory);
  // What ingest and every reader see: derived columns on each target, each commit timed, then shown to the change ledger.
  const derivedColumns = new DerivedColumnStore(control);
  const appStore = withDerivedColumns(withAppendSteps(store, [commitMetrics(metrics), recordChanges(ledger)]), derivedColumns);
  const limits = new KeyRateLimits({ requestsPerSecond: config.keyRequestsPerSecond, eventsPerSecond: config.keyEventsPerSecond });
  const admission = ingestAdmission({ maxWaitMs: config.maxIngestWaitMs, maxLoopLagMs: config.maxEventLoopLagMs, loopLag: watchEventLoopLag() });
  const ingest = new IngestPipeline({ store: appStore, config, budget: ingestBudget, gate: { keys, host: config.host }, limits, admission, clock });
  const appContext: ServerContext = { store: appStore, config, log, memory, ingestBudget, control, keys, limits, ingest, metrics, clock, derivedColumns };
  const { createApp } = await appModule.catch(async (error) => {
    await closeStores();
    throw error;
  });
  const { app, routes, earlyRefusal } = createApp(appContext);
  // Triggers and SLOs read derived columns as every query does.
  const readStore = withDerivedColumns(store, derivedColumns);
  const notifier = new Notifier(alerts, log, undefined, clock);
  const scheduler = new AlertScheduler(readStore, alerts, notifier, log, { clock });
  // Every environment that has a key, and the one open mode uses.
  const environments = () => [...new Set([DEFAULT_ENVIRONMENT, ...keys.list().map((key) => key.environment)])];
  const watcher = config.watch
    ? new Watcher(readStore, control, findings, notifier, log, { clock, environments, webhooks: config.findingsWebhooks.map((url) => ({ url })) })
    : undefined;
  const appListener = getRequestListener(app.fetch, { hostname: config.host });
  const server: Server = createServer((request, response) => earlyRefusal(request, response) || appListener(request, response));
  const port = await new Promise<number>((resolve, reject) => {
    server.listen(config.port, config.host, () => resolve((server.address() as AddressInfo).port));
    server.once('error', reject);
    keepConnectionsUnderLoad(server);
  }).catch(async (error) => {
    await closeStores();
    throw error;
  });
  const grpc = await startGrpc(appContext, log).catch(async (error) => {
    await new Promise((resolve) => server.close(resolve));
    await closeStores();
    throw error;
  });
  const selfTelemetry = config.selfTelemetry ? startSelfTelemetry(store, metrics, config.selfTelemetryIntervalMs, log, clock) : undefined;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  const access = isOpenMode(config.host, keys)
    ? 'OPEN: no API keys, so every request acts in environment "default"; only this machine can connect'
    : keys.hasActiveKeys
      ? 'API keys required'
      : `API keys required, and every key is revoked; ${CREATE_FIRST_KEY_HINT}`;
  scheduler.start();
  watcher?.start();
  const edgeRollups = keepsEdgeTotals(store) ? scheduleEdgeRollups(store, log, clock) : undefined;
  log.info(`Flashlight is listening on ${url} (OTLP/HTTP, events API, query API and UI; data in ${config.dataDir}; ${access})`);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    grpcPort: grpc?.port,
    config,
    routes,
    store,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive sockets would hold close() open; in-flight requests still finish.
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await grpc?.close();
        await selfTelemetry?.stop();
        // The scheduler stops the notifier both share, so a watcher's delivery in flight is cut short too.
        await scheduler.stop();
        await watcher?.stop();
        await edgeRollups?.stop();
        await closeStores();
        log.info('Flashlight stopped; all acknowledged events are committed');
      })()),
  };
}

/** Opens the event store and the control store together: separate files, so their first-start syncs overlap. */
async function openStores(config: ServerConfig, log: Logger, clock: Clock, inMemory: boolean): Promise<{ store: Store; control: ControlStore }> {
  const events = inMemory
    ? openMemoryStore({
        maxColumnsPerDataset: config.maxColumnsPerDataset,
        maxPendingEvents: config.maxPendingEvents,
        retentionMs: config.retention,
        log,
        clock,
      })
    : openStore(config, log, clock);
  const [store, control] = await Promise.allSettled([events, openDuckDbControlStore(config.dataDir, { lockWaitMs: LOCK_WAIT_MS })]);
  if (store.status === 'fulfilled' && control.status === 'fulfilled') return { store: store.value, control: control.value };
  await Promise.all([store, control].map((opened) => (opened.status === 'fulfilled' ? opened.value.close() : undefined)));
  throw store.status === 'rejected' ? store.reason : (control as PromiseRejectedResult).reason;
}
