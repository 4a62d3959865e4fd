// The watcher on generated shop traffic, on DuckDB and a two-shard ClickHouse cluster, with
// a clock the test moves: four planted changes (a latency shift, an error burst on one
// team, a new version with slower spans, a volume drop) each make exactly one finding that
// names where and why; a daily swing, a noisy user and a new endpoint make none. Each
// finding is told to the webhook once when it opens and once when it recovers, and each
// notification is in the audit log.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Finding } from '@flashlight/api';
import { ENGINES } from '../testing/temp-server.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../testing/clickhouse-database.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../alerts/test-fixtures/alert-rig.ts';
import { causeOf, type Plant, type PlantKind, type Traffic } from './testing/planted-changes.ts';
import { openWatcherRig, type WatcherRig } from './testing/watcher-rig.ts';

const T0 = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3 * 3600;
const HISTORY = 10;
const LAST_MINUTE = 35;
const plant = (kind: PlantKind, from: number, minutes: number, endpoint: string): Plant => ({
  kind,
  from,
  minutes,
  endpoint,
  cause: causeOf(kind, endpoint, 0),
});
const PLANTS = [
  plant('latency', 12, 3, 'GET /cart'),
  plant('team_errors', 18, 3, 'POST /orders'),
  plant('new_version', 24, 3, 'POST /orders'),
  plant('volume_drop', 30, 3, 'GET /products'),
];
const TRAFFIC: Traffic = { start: T0, perMinute: 250, plants: PLANTS, swing: 0.2, noisyUserFrom: 5, newEndpointFrom: 14 };

describe.each(ENGINES)('the watcher on %s', (engine) => {
  let rig: WatcherRig;
  let hook: WebhookReceiver;
  let clickhouse: ClickHouseDatabase | undefined;
  let findings: Finding[];

  beforeAll(async () => {
    hook = await startWebhookReceiver();
    if (engine === 'clickhouse') clickhouse = await createClickHouseDatabase({ shards: 2 });
    rig = await openWatcherRig(TRAFFIC, { history: HISTORY, webhooks: [{ url: hook.url }], clickhouse: clickhouse?.flags });
    for (let minute = HISTORY; minute <= LAST_MINUTE; minute++) await rig.playMinute(minute);
    findings = await rig.watcher.findings.list('default', 0);
  }, 240_000);

  afterAll(async () => {
    await rig?.close();
    await hook?.close();
    await clickhouse?.drop();
  });

  test('exactly one finding per planted change, noticed within two minutes, none for the harmless variations', () => {
    const oldestFirst = [...findings].reverse();
    expect(oldestFirst.map((f) => f.title)).toHaveLength(PLANTS.length);
    for (const [i, p] of PLANTS.entries()) {
      const finding = oldestFirst[i];
      expect(finding.since, finding.title).toBe(T0 + p.from * 60);
      expect(finding.opened_at - (T0 + p.from * 60), 'detected within two minutes').toBeLessThanOrEqual(120);
      expect(finding.where.services).toEqual(['shop']);
    }
    const [latency, errors, version, volume] = oldestFirst;
    expect(latency).toMatchObject({ kinds: ['latency'], where: { endpoints: ['GET /cart'] } });
    // The burst's new exception type is the same incident: one finding, so one notification.
    expect(errors.kinds.sort()).toEqual(['errors', 'new_value']);
    expect(errors.where).toMatchObject({ endpoints: ['POST /orders'], teams: ['megacorp'] });
    expect(version.kinds.sort()).toEqual(['latency', 'new_value']);
    expect(version.where.endpoints).toEqual(['POST /orders']);
    expect(volume.changes).toMatchObject([{ metric: 'rate', direction: 'down', name: 'GET /products' }]);
    for (const f of findings) expect(f.where.endpoints).not.toContain('GET /wishlist');
  });

  test('each explanation names the planted cause first, with example traces and the BubbleUp that found it', () => {
    const [, errors, version] = [...findings].reverse();
    expect(errors.explanation!.causes[0]).toMatchObject({ source: 'bubbleup', field: 'app.team', value: 'megacorp' });
    expect(version.explanation!.causes[0]).toMatchObject({ field: 'service.version', value: '2.4.0' });
    for (const f of findings) {
      expect(f.explanation!.traces.length, f.title).toBeGreaterThan(0);
      expect(f.explanation!.bubbleup.selection.start_time).toBe(f.since);
    }
  });

  test('changes that end recover; the webhook hears each finding open once and recover once', async () => {
    expect(findings.map((f) => f.state)).toEqual(['recovered', 'recovered', 'recovered', 'recovered']);
    const told = hook.received.map((n) => `${n.id} ${n.event}`);
    expect(told.sort()).toEqual(findings.flatMap((f) => [`${f.id} opened`, `${f.id} recovered`]).sort());
    const audit = (await rig.control.audit('default', 1000)).filter((e) => e.action.startsWith('finding.'));
    expect(audit).toHaveLength(2 * findings.length);
    expect(audit.every((e) => e.actor === 'watcher')).toBe(true);
  });
});
