// A store written before `status_code` became Honeycomb's number (text `unset`/`ok`/
// `error`) is rewritten once when it opens, on DuckDB and on a two-shard ClickHouse
// cluster: the names become 0/1/2, integer text its integer, other text moves to
// `status_code::string`, a log line says so, queries saved with the names keep
// answering, and later opens leave the field alone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WideEvent } from '../events/wide-event.ts';
import type { Logger } from '../logger.ts';
import { createClickHouseDatabase, type ClickHouseDatabase } from '../testing/clickhouse-database.ts';
import { ClickHouseHttp } from './clickhouse/clickhouse-http.ts';
import { openClickHouseStore } from './clickhouse/index.ts';
import { openDuckDbStore } from './duckdb/index.ts';
import { readEvents } from './read-events.ts';
import { runQuery } from '../query/run-query.ts';
import type { Store } from './store.ts';

const T0 = 1_800_000_000_000_000;
const at = (i: number, fields: WideEvent['fields']): WideEvent => ({ timeUs: T0 + i * 1_000_000, sampleRate: 1, fields });

/** A logger that keeps its info lines. */
function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), warn() {}, error() {} };
}

interface Engine {
  name: string;
  open(log: Logger): Promise<Store>;
  /** Makes the store look as one written before the rewrite existed. */
  forgetMigration(): Promise<void>;
}

let clickhouse: ClickHouseDatabase;
let dataDir: string;

beforeAll(async () => {
  clickhouse = await createClickHouseDatabase({ shards: 2 });
  dataDir = await mkdtemp(path.join(tmpdir(), 'flashlight-status-code-'));
});
afterAll(async () => {
  await clickhouse?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const limits = { maxColumnsPerDataset: 100, maxPendingEvents: 10_000 };

const engines: Engine[] = [
  {
    name: 'DuckDB',
    open: (log) => openDuckDbStore({ dataDir, ...limits, log }),
    async forgetMigration() {
      const store = await openDuckDbStore({ dataDir, ...limits, log: recordingLog() });
      await store.query('DELETE FROM fl_migrations', []);
      await store.close();
    },
  },
  {
    name: 'ClickHouse (2 shards)',
    open: (log) => openClickHouseStore({ url: clickhouse.urls, cluster: clickhouse.cluster, database: clickhouse.database, ...limits, log }),
    forgetMigration: () => new ClickHouseHttp(clickhouse.nodeUrls[0], { database: clickhouse.database }).command('DROP TABLE fl_migrations'),
  },
];

describe.each(engines)('the status_code rewrite on $name', (engine) => {
  test('turns old text into the number, moves other text beside it, once, with a log line', async () => {
    const old = await engine.open(recordingLog());
    const spans = ['unset', 'ok', 'error', '200', 'weird'].map((status, i) => at(i, { name: `span ${i}`, status_code: status, 'trace.trace_id': 't1' }));
    await old.append({ environment: 'prod', dataset: 'api', events: spans });
    await old.append({ environment: 'prod', dataset: 'plain', events: [at(0, { a: 1, label: 'no status' })] });
    await old.append({ environment: 'prod', dataset: 'jobs', events: [at(0, { name: 'job', status_code: 'error' })] });
    await old.close();
    await engine.forgetMigration();

    const log = recordingLog();
    const store = await engine.open(log);
    try {
      expect(log.lines.filter((line) => line.includes('status_code rewritten'))).toEqual([
        `environment "prod": status_code rewritten from text (unset/ok/error) to Honeycomb's number (0/1/2) in 2 datasets; 1 other values moved to "status_code::string"`,
      ]);
      const columns = await store.columns('prod', 'api');
      expect(columns.find((c) => c.name === 'status_code')?.type).toBe('integer');
      expect(columns.find((c) => c.name === 'status_code::string')?.type).toBe('string');
      const events = await readEvents(store, 'prod', 'api');
      expect(events.map((e) => [e.fields.status_code, e.fields['status_code::string']])).toEqual([
        [0, undefined],
        [1, undefined],
        [2, undefined],
        [200, undefined],
        [undefined, 'weird'],
      ]);
      expect((await readEvents(store, 'prod', 'jobs')).map((e) => e.fields.status_code)).toEqual([2]);
      expect((await readEvents(store, 'prod', 'plain')).map((e) => e.fields)).toEqual([{ a: 1, label: 'no status' }]);
      // A query saved when the field held the names keeps answering, over every dataset.
      const window = { start_time: T0 / 1e6 - 60, end_time: T0 / 1e6 + 60 };
      const saved = { calculations: [{ op: 'COUNT' }], filters: [{ column: 'status_code', op: '=', value: 'error' }], ...window };
      expect((await runQuery(store, 'prod', '__all__', saved)).data.results).toEqual([{ data: { COUNT: 2 } }]);
      // New spans write the number into the rewritten field.
      await store.append({ environment: 'prod', dataset: 'api', events: [at(9, { name: 'new', status_code: 2 })] });
      expect((await readEvents(store, 'prod', 'api')).at(-1)!.fields.status_code).toBe(2);
      // A text status_code that events bring after the rewrite is the sender's choice: left alone.
      await store.append({ environment: 'staging', dataset: 'api', events: [at(0, { status_code: 'OK' })] });
    } finally {
      await store.close();
    }

    const again = recordingLog();
    const reopened = await engine.open(again);
    try {
      expect(again.lines.some((line) => line.includes('status_code rewritten'))).toBe(false);
      expect((await readEvents(reopened, 'staging', 'api')).map((e) => e.fields.status_code)).toEqual(['OK']);
    } finally {
      await reopened.close();
    }
  });
});
