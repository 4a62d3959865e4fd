// Test fixture: the alerting parts wired as the server wires them (a real DuckDB event
// store, the control store, the scheduler and notifier), with a clock the test moves,
// and a real HTTP webhook receiver that can be told to fail.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseServerConfig } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { openStore } from '../../store/open-store.ts';
import { openDuckDbControlStore } from '../../store/duckdb/index.ts';
import type { Store } from '../../store/store.ts';
import type { ClickHouseDatabase } from '../../testing/clickhouse-database.ts';
import type { ControlStore } from '../../control/control-store.ts';
import type { WideEvent } from '../../events/wide-event.ts';
import { AlertStore, newAlertItemId, type StoredAlertItem } from '../alert-store.ts';
import { AlertScheduler } from '../alert-scheduler.ts';
import { Notifier } from '../notifier.ts';
import { TestClock } from '../../clock/test-clock.ts';
import { SloInputSchema, TriggerInputSchema } from '@flashlight/api';

export interface AlertRig {
  store: Store;
  alerts: AlertStore;
  scheduler: AlertScheduler;
  /** The scheduler's clock, which the test moves. */
  clock: TestClock;
  /** What the server log received: level and message. */
  logged: string[];
  append(dataset: string, events: WideEvent[]): Promise<void>;
  addTrigger(input: unknown): Promise<StoredAlertItem<'trigger'>>;
  addSlo(input: unknown): Promise<StoredAlertItem<'slo'>>;
  close(): Promise<void>;
}

export async function openAlertRig(startAt: number, options: { concurrency?: number; clickhouse?: ClickHouseDatabase } = {}): Promise<AlertRig> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-alerts-'));
  const logged: string[] = [];
  const log: Logger = {
    info: (message) => void logged.push(`info ${message}`),
    warn: (message) => void logged.push(`warn ${message}`),
    error: (message) => void logged.push(`error ${message}`),
  };
  const store = await openStore(parseServerConfig({ dataDir, quiet: true, ...options.clickhouse?.flags }, {}), log);
  const control: ControlStore = await openDuckDbControlStore(dataDir);
  const alerts = await AlertStore.open(control);
  const clock = new TestClock(startAt * 1000);
  const notifier = new Notifier(alerts, log, { attempts: 3, firstDelayMs: 20, timeoutMs: 2000 }, clock);
  const scheduler = new AlertScheduler(store, alerts, notifier, log, { clock, concurrency: options.concurrency });
  const add = async <K extends 'trigger' | 'slo'>(kind: K, body: unknown): Promise<StoredAlertItem<K>> => {
    const item = { kind, id: newAlertItemId(), environment: 'default', body, createdAt: new Date(), createdBy: 'test' } as StoredAlertItem<K>;
    await alerts.put(item, { at: new Date(), environment: 'default', actor: 'test', action: `${kind}.create`, target: item.id, detail: {} });
    return item;
  };
  return {
    store,
    alerts,
    scheduler,
    clock,
    logged,
    append: async (dataset, events) => void (await store.append({ environment: 'default', dataset, events })),
    addTrigger: (input) => add('trigger', TriggerInputSchema.parse(input)),
    addSlo: (input) => add('slo', SloInputSchema.parse(input)),
    async close() {
      await scheduler.stop();
      await Promise.all([store.close(), control.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface WebhookReceiver {
  url: string;
  /** The JSON bodies it accepted, in order. */
  received: Array<Record<string, unknown>>;
  /** Requests that have arrived, answered or not: tests wait on it for a delivery in flight. */
  arrived: number;
  /** Requests answered, failures included. */
  requests: number;
  /** The most requests it held open at once. */
  mostAtOnce: number;
  /** Keeps answers back until `release()`: deliveries stay in flight for as long as a test needs, however busy the machine. */
  hold(): void;
  /** Answers what was held back, and from then on answers at once. */
  release(): void;
  close(): Promise<void>;
}

/** Answers 503 to the first `failFirst` requests, then 204. */
export async function startWebhookReceiver(failFirst = 0): Promise<WebhookReceiver> {
  let held: Array<() => void> | undefined;
  const receiver = {
    received: [] as Array<Record<string, unknown>>,
    arrived: 0,
    requests: 0,
    mostAtOnce: 0,
    hold: () => void (held ??= []),
    release() {
      const answers = held ?? [];
      held = undefined;
      for (const answer of answers) answer();
    },
  } as WebhookReceiver;
  let open = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    receiver.arrived++;
    receiver.mostAtOnce = Math.max(receiver.mostAtOnce, ++open);
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    const answer = () => {
      open--;
      receiver.requests++;
      if (receiver.requests <= failFirst) return void response.writeHead(503).end();
      receiver.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(204).end();
    };
    request.on('end', () => (held ? held.push(answer) : answer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () => {
    receiver.release();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
