// A finding marked expected while an evaluation runs stays marked: the evaluation is held
// after it read the open findings, the mark is made, then the evaluation saves what it read.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Finding } from '@flashlight/api';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { ControlStore } from '../control/control-store.ts';
import { openMemoryStore } from '../store/memory/index.ts';
import { openDuckDbControlStore } from '../store/duckdb/index.ts';
import { AlertStore } from '../alerts/alert-store.ts';
import { Notifier } from '../alerts/notifier.ts';
import { TestClock } from '../clock/test-clock.ts';
import { FindingStore } from './finding-store.ts';
import { Watcher } from './watcher.ts';

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const NOW = Date.UTC(2026, 0, 5, 12);
const SINCE = NOW / 1000 - 300;

const open: Finding = {
  id: 'f1',
  state: 'open',
  title: 'shop · GET /cart: P95 latency 40 ms → 160 ms (4.0×)',
  kinds: ['latency'],
  since: SINCE,
  opened_at: SINCE + 65,
  updated_at: SINCE + 65,
  recovered_at: null,
  where: { services: ['shop'], endpoints: ['GET /cart'], vendors: [], teams: [] },
  changes: [
    {
      dataset: 'shop',
      place: 'entry_point',
      name: 'GET /cart',
      kind: 'latency',
      metric: 'p95',
      direction: 'up',
      baseline: 40,
      current: 160,
      score: 30,
      field: null,
      value: null,
      since: SINCE,
      last_seen: SINCE,
      recovered_at: null,
    },
  ],
  explanation: null,
  expected: false,
};

let dataDir: string;
let store: Store;
let control: ControlStore;
let findings: FindingStore;
let notifier: Notifier;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-expected-'));
  [store, control] = await Promise.all([openMemoryStore(), openDuckDbControlStore(dataDir)]);
  findings = await FindingStore.open(control);
  notifier = new Notifier(await AlertStore.open(control), silent);
  await findings.save('default', [{ finding: open, calm: {} }]);
});

afterAll(async () => {
  notifier?.stop();
  await Promise.all([store?.close(), control?.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

test('a mark made while an evaluation runs is kept when the evaluation saves', async () => {
  // The evaluation reads the open findings first, then the datasets: it is held there.
  let entered!: () => void;
  let release!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const held = new Promise<void>((resolve) => (release = resolve));
  const gated = Object.create(store) as Store;
  gated.datasets = async (environment) => {
    entered();
    await held;
    return store.datasets(environment);
  };
  const watcher = new Watcher(gated, control, findings, notifier, silent, { clock: new TestClock(NOW), environments: () => ['default'] });
  const evaluation = watcher.evaluate();
  await inside;
  const marked = await findings.markExpected(
    'default',
    open.id,
    () => [{ id: 'r1', kind: 'latency', dataset: 'shop', name: 'GET /cart', reason: 'expected', until: null, created_by: 'test' }],
    { at: new Date(NOW), environment: 'default', actor: 'test', action: 'finding.expected', target: `finding:${open.id}`, detail: {} },
  );
  expect(marked?.expected).toBe(true);
  release();
  await evaluation;
  expect((await findings.get('default', open.id))?.expected).toBe(true);
  expect((await findings.openFindings('default')).map((o) => o.finding.expected)).toEqual([true]);
  expect(await findings.quietRules('default')).toMatchObject([{ id: 'r1', kind: 'latency', name: 'GET /cart' }]);
});

test('marking a finding the environment does not have stores nothing', async () => {
  const rulesFor = () => [{ id: 'r2', kind: 'latency' as const, dataset: null, name: null, reason: 'expected' as const, until: null, created_by: 'test' }];
  const audit = { at: new Date(NOW), environment: 'other', actor: 'test', action: 'finding.expected', target: 'finding:f1', detail: {} };
  expect(await findings.markExpected('other', open.id, rulesFor, audit)).toBeUndefined();
  expect(await findings.quietRules('other')).toEqual([]);
  expect(await control.audit('other', 10)).toEqual([]);
});
