// The service map served from edge totals is the map counted from spans: over the shop
// traced by the real OpenTelemetry SDK, from minutes and from an hour, over a range that
// cuts minutes, with parents that arrive after their children, after a restart, and after
// retention.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTempServer, type TempServer } from '../testing/temp-server.ts';
import { createLogger } from '../logger.ts';
import { TestClock } from '../clock/test-clock.ts';
import { RETENTION_INTERVAL_MS } from '../store/retention-schedule.ts';
import { openDuckDbStore, type DuckDbStore } from '../store/duckdb/index.ts';
import type { Store } from '../store/store.ts';
import { sendPlantedShop, CHECKOUTS } from './testing/planted-shop.ts';
import { resolveFlowScope } from './flow-scope.ts';
import { buildServiceMap, liveServiceMap, type ServiceMap } from './service-map.ts';
import { DAY_US, HOUR_US, MINUTE_US, keepsEdgeTotals, largestGrainIn, rolledRuns, type TimeWindow } from './edge-rollup-read.ts';
import { seriesStepUs } from './map-series.ts';
import { ROLL_AFTER_MS, pruneCovered, rollEdgeMinutes, type RollupStore } from './edge-rollup.ts';

const MINUTE_MS = MINUTE_US / 1000;

/** The server's store, which keeps edge totals on DuckDB. */
function rolling(store: Store): Store & RollupStore {
  if (!keepsEdgeTotals(store)) throw new Error(`the ${store.engine} store keeps no edge totals`);
  return store;
}
const HOUR_MS = HOUR_US / 1000;

/**
 * The map as served, the map counted from spans alone, and the rolled units the served map
 * read (no larger than a step of its series: a range under half an hour reads none).
 */
async function bothMaps(store: Store, startMs: number, endMs: number) {
  // Asked once the range has passed (the shop lies ahead of the clock), so rates and series count all of it.
  const scope = await resolveFlowScope(store, 'default', { start_time: startMs / 1000, end_time: endMs / 1000 }, new Date(Math.max(Date.now(), endMs)));
  const largest = largestGrainIn(seriesStepUs(scope));
  const [served, live, runs] = await Promise.all([
    buildServiceMap(store, scope),
    liveServiceMap(store, scope),
    rolledRuns(rolling(store), 'default', scope, largest),
  ]);
  return { served, live, runs };
}

/** Any trace of a flow may be its example; everything else must be equal. */
const withoutExamples = (map: ServiceMap) => ({
  ...map,
  nodes: map.nodes.map((node) => ({ ...node, stats: { ...node.stats, exampleTraceId: node.stats.exampleTraceId !== null } })),
  edges: map.edges.map((edge) => ({ ...edge, stats: { ...edge.stats, exampleTraceId: edge.stats.exampleTraceId !== null } })),
});

const rolledMinutes = (runs: readonly TimeWindow[]) => runs.reduce((sum, run) => sum + (run.endUs - run.startUs) / MINUTE_US, 0);

/** A span as the OTLP ingest stores it. */
const span = (service: string, at: number, kind: string, trace: string, id: string, parent?: string) => ({
  environment: 'default',
  dataset: service,
  events: [
    {
      timeUs: at * 1000,
      sampleRate: 1,
      fields: {
        'service.name': service,
        name: `${kind} ${id}`,
        'span.kind': kind,
        'trace.trace_id': trace,
        'trace.span_id': id,
        ...(parent && { 'trace.parent_id': parent }),
        duration_ms: 12.5,
        ...(kind === 'client' && { 'peer.service': 'late-b' }),
      },
    },
  ],
});

describe('on a server fed over OTLP', () => {
  let server: TempServer;
  // The start of an hour well ahead of the clock, so the server's own rolls leave it to the test.
  const minute = (Math.floor(Date.now() / HOUR_MS) + 2) * HOUR_MS;

  beforeAll(async () => {
    server = await startTempServer();
    // The shop's spans lie from 50 s into the minute to 121 s.
    await sendPlantedShop(server.url, minute + 50_000);
    await rollEdgeMinutes(rolling(server.store), minute + 70 * MINUTE_MS);
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
  });

  test('the map of whole rolled minutes equals the map counted from spans', async () => {
    const { served, live, runs } = await bothMaps(server.store, minute, minute + 40 * MINUTE_MS);
    expect(rolledMinutes(runs)).toBe(40);
    expect(served.nodes.find((node) => node.id === 'queue:receipts')?.stats.requests).toBe(CHECKOUTS);
    expect(served.edges.find((edge) => edge.id === 'service:orders->queue:receipts')?.series.reduce((sum, p) => sum + p.requests, 0)).toBe(CHECKOUTS);
    expect(withoutExamples(served)).toEqual(withoutExamples(live));
  });

  test('an hour whose minutes are all rolled is read as one hour', async () => {
    // Over 40 hours the series steps by the hour, so a rolled hour is one point of it.
    const { served, live, runs } = await bothMaps(server.store, minute, minute + 40 * HOUR_MS);
    expect(runs[0]).toEqual({ grain: HOUR_US, startUs: minute * 1000, endUs: (minute + HOUR_MS) * 1000 });
    expect(withoutExamples(served)).toEqual(withoutExamples(live));
  });

  test('a range that cuts minutes counts its partial minutes from spans, and still equals the map from spans', async () => {
    const { served, live, runs } = await bothMaps(server.store, minute + 30_000, minute + 40 * MINUTE_MS + 30_000);
    expect(runs).toEqual([{ grain: MINUTE_US, startUs: (minute + MINUTE_MS) * 1000, endUs: (minute + 40 * MINUTE_MS) * 1000 }]);
    expect(withoutExamples(served)).toEqual(withoutExamples(live));
  });

  test('minutes past their keeping are dropped once their hour is rolled, and the map counts them from spans', async () => {
    await pruneCovered(rolling(server.store), 'default', (minute + (3 * DAY_US) / 1000) * 1000);
    const cut = await bothMaps(server.store, minute + 30_000, minute + 40 * MINUTE_MS + 30_000);
    expect(cut.runs).toEqual([]);
    expect(withoutExamples(cut.served)).toEqual(withoutExamples(cut.live));
    const hour = await bothMaps(server.store, minute, minute + 40 * HOUR_MS);
    expect(hour.runs).toEqual([{ grain: HOUR_US, startUs: minute * 1000, endUs: (minute + HOUR_MS) * 1000 }]);
    expect(withoutExamples(hour.served)).toEqual(withoutExamples(hour.live));
  });

  test('a minute waits for parents that arrive after their children, also from the minute before', async () => {
    const late = minute + 80 * MINUTE_MS;
    // Children first: one whose parent starts in the same minute, one whose parent starts in the minute before.
    await server.store.append(span('late-b', late + 62_000, 'server', 'late-1', 'b1', 'a1'));
    await server.store.append(span('late-b', late + 120_500, 'server', 'late-2', 'b2', 'a2'));
    // The minutes before theirs are rolled; theirs have not been closed long enough.
    expect(await rollEdgeMinutes(rolling(server.store), late + 2 * MINUTE_MS + ROLL_AFTER_MS - 1)).toBeGreaterThan(0);
    expect((await bothMaps(server.store, late + MINUTE_MS, late + 41 * MINUTE_MS)).runs).toEqual([]);

    await server.store.append(span('late-a', late + 61_000, 'client', 'late-1', 'a1'));
    await server.store.append(span('late-a', late + 119_500, 'client', 'late-2', 'a2'));
    await rollEdgeMinutes(rolling(server.store), late + 10 * MINUTE_MS);
    const { served, live, runs } = await bothMaps(server.store, late, late + 40 * MINUTE_MS);
    expect(rolledMinutes(runs)).toBe(8);
    expect(served.edges.find((edge) => edge.id === 'service:late-a->service:late-b')?.stats.requests).toBe(2);
    expect(withoutExamples(served)).toEqual(withoutExamples(live));
  });
});

describe('on a store that restarts and expires events', () => {
  const dirs: string[] = [];
  const log = createLogger({ quiet: true });
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  test('rolled minutes survive a restart without counting twice, and retention drops them with their spans', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-rollup-'));
    dirs.push(dataDir);
    const open = (retentionMs?: number, clock?: TestClock) =>
      openDuckDbStore({ dataDir, maxColumnsPerDataset: 100, maxPendingEvents: 1000, retentionMs, log, clock });
    const now = Math.floor(Date.now() / 1000) * 1000;
    // Traces every five minutes from 82 to 47 minutes ago: retention of an hour keeps the last three.
    const starts = Array.from({ length: 8 }, (_, k) => now - (82 - 5 * k) * MINUTE_MS);
    const range = [now - 90 * MINUTE_MS, now - 30 * MINUTE_MS] as const;
    let store: DuckDbStore = await open();
    try {
      for (const [k, at] of starts.entries()) {
        await store.append(span('late-a', at, 'client', `t${k}`, `a${k}`));
        await store.append(span('late-b', at + 30, 'server', `t${k}`, `b${k}`, `a${k}`));
      }
      expect(await rollEdgeMinutes(store)).toBeGreaterThanOrEqual(36);
      const before = await bothMaps(store, ...range);
      expect(before.served.edges.map((edge) => [edge.id, edge.stats.requests])).toEqual([['service:late-a->service:late-b', 8]]);
      expect(withoutExamples(before.served)).toEqual(withoutExamples(before.live));
      await store.close();

      store = await open();
      await rollEdgeMinutes(store);
      const restarted = await bothMaps(store, ...range);
      expect(withoutExamples(restarted.served)).toEqual(withoutExamples(before.served));
      await store.close();

      // Opened an hour back, retention keeps everything; an hour on, its hourly run has expired what is older than an hour.
      const clock = new TestClock(now - 3_600_000);
      store = await open(3_600_000, clock);
      await clock.advance(RETENTION_INTERVAL_MS);
      const cutoffUs = (now - 3_600_000) * 1000;
      const expired = await bothMaps(store, ...range);
      expect(expired.runs[0].startUs).toBeGreaterThanOrEqual(cutoffUs - MINUTE_US);
      expect(expired.served.edges.map((edge) => [edge.id, edge.stats.requests])).toEqual([['service:late-a->service:late-b', 3]]);
      expect(withoutExamples(expired.served)).toEqual(withoutExamples(expired.live));
    } finally {
      await store.close();
    }
  });
});
