// The DuckDB store on real files: what is appended comes back with its types, the
// tables widen, conflicting types and hostile names are handled, appends are group
// committed and bounded, traces are indexed, and a reopened file has it all.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WideEvent } from '../../events/wide-event.ts';
import { createLogger } from '../../logger.ts';
import { StoreOverloadedError, type Store } from '../store.ts';
import { readEvents } from '../read-events.ts';
import { openDuckDbStore, type DuckDbStore } from './index.ts';

const T0 = 1_750_000_000_000_000;
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flashlight-store-'));
  dirs.push(dir);
  return dir;
}

async function openStore(dataDir: string, limits: { maxColumnsPerDataset?: number; maxPendingEvents?: number } = {}) {
  return openDuckDbStore({
    dataDir,
    maxColumnsPerDataset: limits.maxColumnsPerDataset ?? 1000,
    maxPendingEvents: limits.maxPendingEvents ?? 100_000,
    log: createLogger({ quiet: true }),
  });
}

async function withStore(test: (store: DuckDbStore, dataDir: string) => Promise<void>, limits = {}) {
  const dataDir = await tempDir();
  const store = await openStore(dataDir, limits);
  try {
    await test(store, dataDir);
  } finally {
    await store.close();
  }
}

const ev = (fields: WideEvent['fields'], offsetUs = 0, sampleRate = 1): WideEvent => ({ timeUs: T0 + offsetUs, sampleRate, fields });

/** The physical type of each field's column, by field name. */
async function columnTypes(store: Store, environment: string, dataset: string): Promise<Record<string, string>> {
  const target = (await store.target(environment, [dataset]))!;
  const rows = await store.query(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $1`, [target.tables[0].table]);
  const byColumn = new Map(rows.map((r) => [r.column_name, r.data_type]));
  return Object.fromEntries([...target.fields.values()].map((f) => [f.name, byColumn.get(f.column) as string]));
}

describe('DuckDB store', () => {
  it('reads back what was appended: values, types, times and sample rates', () =>
    withStore(async (store) => {
      const result = await store.append({
        environment: 'prod',
        dataset: 'api',
        events: [
          ev({ 'http.route': '/cart', 'http.status_code': 200, duration_ms: 12.5, error: false }, 0, 1),
          ev({ 'http.route': '/pay', 'http.status_code': 502, duration_ms: 840.25, error: true }, 1_500, 20),
        ],
      });
      expect(result).toEqual({ stored: 2, warnings: [] });
      expect(await readEvents(store, 'prod', 'api')).toEqual([
        ev({ 'http.route': '/cart', 'http.status_code': 200, duration_ms: 12.5, error: false }, 0, 1),
        ev({ 'http.route': '/pay', 'http.status_code': 502, duration_ms: 840.25, error: true }, 1_500, 20),
      ]);
      expect(await columnTypes(store, 'prod', 'api')).toEqual({
        'http.route': 'VARCHAR',
        'http.status_code': 'BIGINT',
        duration_ms: 'DOUBLE',
        error: 'BOOLEAN',
      });
      const columns = await store.columns('prod', 'api');
      expect(columns.map((c) => [c.name, c.type])).toEqual([
        ['http.route', 'string'],
        ['http.status_code', 'integer'],
        ['duration_ms', 'float'],
        ['error', 'boolean'],
      ]);
      const [dataset] = await store.datasets('prod');
      expect(dataset.name).toBe('api');
      expect(dataset.lastEventAt!.getTime()).toBeGreaterThanOrEqual(dataset.createdAt.getTime());
      expect(await store.datasets('staging')).toEqual([]);
    }));

  it('keeps integers exact to 2^53 either side of zero, and times before 1970', () =>
    withStore(async (store) => {
      const edges = [0, -1, 1, 2 ** 32, -(2 ** 32) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
      const events = edges.map((n, i) => ({ timeUs: -86_400_000_000 + i, sampleRate: 1, fields: { n } }));
      await store.append({ environment: 'prod', dataset: 'edges', events });
      expect(await readEvents(store, 'prod', 'edges')).toEqual(events);
      expect((await columnTypes(store, 'prod', 'edges')).n).toBe('BIGINT');
    }));

  it('runs compiled SQL with positional parameters and returns plain numbers', () =>
    withStore(async (store) => {
      await store.append({ environment: 'prod', dataset: 'api', events: [ev({ n: 2 }, 0, 10), ev({ n: 3 }, 5, 10)] });
      const target = (await store.target('prod', ['api']))!;
      const { column } = target.fields.get('n')!;
      const [row] = await store.query(
        `SELECT sum(${column} * sample_rate) AS total, count(*) AS events, max(ts) AS last_ts FROM ${target.tables[0].table} WHERE ${column} >= $1`,
        [2],
      );
      expect(row).toEqual({ total: 50, events: 2, last_ts: T0 + 5 });
    }));

  it('returns results as plain values: µs for times, numbers for exact integers, text beyond 2^53', () =>
    withStore(async (store) => {
      const [row] = await store.query(
        `SELECT 42::BIGINT AS big, 7::HUGEINT AS huge, (2::BIGINT ** 62)::BIGINT AS beyond, 1.25::DECIMAL(10, 2) AS dec,
                TIMESTAMP '2025-01-01 00:00:00.000001' AS ts, DATE '2025-01-01' AS day,
                [1, 2]::BIGINT[] AS list, {'n': 3::BIGINT} AS struct, NULL AS nothing, $1 AS param`,
        ['x'],
      );
      expect(row).toEqual({
        big: 42,
        huge: 7,
        beyond: '4611686018427387904',
        dec: 1.25,
        ts: Date.UTC(2025, 0, 1) * 1000 + 1,
        day: Date.UTC(2025, 0, 1),
        list: [1, 2],
        struct: { n: 3 },
        nothing: null,
        param: 'x',
      });
    }));

  it('keeps sparse fields of every type right across many data chunks', () =>
    withStore(async (store) => {
      const events = Array.from({ length: 5000 }, (_, i) => {
        const fields: WideEvent['fields'] = { i };
        if (i % 3 === 0) fields.s = `s${i}`;
        if (i % 5 === 0) fields.n = i * 2;
        if (i % 7 === 0) fields.f = i / 4 + 0.125;
        if (i % 2 === 0) fields.b = i % 4 === 0;
        return ev(fields, i);
      });
      await store.append({ environment: 'prod', dataset: 'sparse', events });
      expect(await readEvents(store, 'prod', 'sparse')).toEqual(events);
    }));

  it('keeps strings exact, short and long, ASCII or not, and compares short ones by value', () =>
    withStore(async (store) => {
      const texts = ['', 'a', 'GET', 'twelve chars', 'thirteen char', 'é', 'naïve', '👀', 'a\u0000b', 'tab\there', 'x'.repeat(300)];
      const events = Array.from({ length: 3000 }, (_, i) => ev({ i, s: texts[i % texts.length] }, i));
      await store.append({ environment: 'prod', dataset: 'texts', events });
      expect(await readEvents(store, 'prod', 'texts')).toEqual(events);
      const target = (await store.target('prod', ['texts']))!;
      const column = target.fields.get('s')!.column;
      const counts = await store.query(`SELECT ${column} AS s, count(*) AS n FROM ${target.tables[0].table} GROUP BY ALL`, []);
      expect(counts).toHaveLength(texts.length);
      const [twelve] = await store.query(`SELECT count(*) AS n FROM ${target.tables[0].table} WHERE ${column} = $1`, ['twelve chars']);
      expect(Number(twelve.n)).toBe(events.filter((e) => e.fields.s === 'twelve chars').length);
    }));

  it('widens the table when new fields arrive', () =>
    withStore(async (store) => {
      await store.append({ environment: 'prod', dataset: 'api', events: [ev({ a: 'x' })] });
      await store.append({ environment: 'prod', dataset: 'api', events: [ev({ a: 'y', b: 7 }, 1)] });
      expect((await store.columns('prod', 'api')).map((c) => c.name)).toEqual(['a', 'b']);
      expect(await readEvents(store, 'prod', 'api')).toEqual([ev({ a: 'x' }), ev({ a: 'y', b: 7 }, 1)]);
    }));

  it('applies the type conflict rules without dropping a value', () =>
    withStore(async (store) => {
      await store.append({ environment: 'prod', dataset: 'api', events: [ev({ ms: 3, code: 200, route: '/a', ok: true })] });
      await store.append({ environment: 'prod', dataset: 'web', events: [ev({ ms: 4 })] });
      // A float into the integer field widens it in its dataset; read with the other as a float.
      await store.append({ environment: 'prod', dataset: 'api', events: [ev({ ms: 3.5 }, 1)] });
      expect((await columnTypes(store, 'prod', 'api')).ms).toBe('DOUBLE');
      expect((await columnTypes(store, 'prod', 'web')).ms).toBe('BIGINT');
      expect((await store.target('prod', '__all__'))!.fields.get('ms')!.type).toBe('float');
      expect((await store.target('prod', ['web']))!.fields.get('ms')!.type).toBe('integer');
      await store.append({
        environment: 'prod',
        dataset: 'api',
        events: [
          ev({ code: '404' }, 2), // canonical number text → the number
          ev({ code: 'n/a' }, 3), // text → companion field
          ev({ code: true }, 4), // boolean into a number field → companion field
          ev({ route: 500, ok: 'false' }, 5), // number → its text; "false" → false
          ev({ ok: 1 }, 6), // number into a boolean field → companion field
          ev({ ms: 7 }, 7), // integer into the float field
        ],
      });
      expect(await readEvents(store, 'prod', 'api')).toEqual([
        ev({ ms: 3, code: 200, route: '/a', ok: true }),
        ev({ ms: 3.5 }, 1),
        ev({ code: 404 }, 2),
        ev({ 'code::string': 'n/a' }, 3),
        ev({ 'code::boolean': true }, 4),
        ev({ route: '500', ok: false }, 5),
        ev({ 'ok::integer': 1 }, 6),
        ev({ ms: 7 }, 7),
      ]);
      expect(await columnTypes(store, 'prod', 'api')).toMatchObject({
        'code::string': 'VARCHAR',
        'code::boolean': 'BOOLEAN',
        'ok::integer': 'BIGINT',
      });
    }));

  it('puts fields beyond the column limit into meta.overflow and says so', () =>
    withStore(
      async (store) => {
        const fields = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`attr.${String(i).padStart(2, '0')}`, i]));
        const result = await store.append({ environment: 'prod', dataset: 'wide', events: [ev(fields)] });
        expect(result.stored).toBe(1);
        expect(result.warnings).toHaveLength(1);
        expect(result.warnings[0]).toMatch(/limit of 16 columns/);
        const columns = await store.columns('prod', 'wide');
        expect(columns).toHaveLength(16);
        const [stored] = await readEvents(store, 'prod', 'wide');
        const overflow = JSON.parse(stored.fields['meta.overflow'] as string);
        expect({ ...stored.fields, ...overflow, 'meta.overflow': undefined }).toEqual({ ...fields, 'meta.overflow': undefined });
        expect(Object.keys(overflow)).toEqual(['attr.15', 'attr.16', 'attr.17', 'attr.18', 'attr.19']);
      },
      { maxColumnsPerDataset: 16 },
    ));

  it('stores and lists hostile field names exactly', () =>
    withStore(async (store) => {
      const names = [
        'user.id',
        'User.Id',
        'USER.ID',
        'has "quotes" and \'apostrophes\'',
        'with spaces',
        'dots.in.name',
        'ünïcødé 🔦',
        'x"; DROP TABLE fl_fields; --',
        '',
        'n'.repeat(10_000),
        'ts',
        'sample_rate',
        'nul\u0000inside',
      ];
      const fields = Object.fromEntries(names.map((n, i) => [n, `value ${i}`]));
      await store.append({ environment: 'prod"; --', dataset: 'Api\'s "data"', events: [ev(fields)] });
      expect((await store.columns('prod"; --', 'Api\'s "data"')).map((c) => c.name)).toEqual(names);
      expect([...(await store.target('prod"; --', '__all__'))!.fields.keys()]).toEqual(names);
      expect(await readEvents(store, 'prod"; --', 'Api\'s "data"')).toEqual([ev(fields)]);
      expect((await store.datasets('prod"; --')).map((d) => d.name)).toEqual(['Api\'s "data"']);
      // UTF-8 cannot hold a lone surrogate: the name is kept as the database returns it.
      await store.append({ environment: 'prod', dataset: 'api', events: [ev({ 'lone \uD800': 'x' })] });
      expect((await store.columns('prod', 'api')).map((c) => c.name)).toEqual(['lone \uFFFD']);
    }));

  it('answers many concurrent appends with few commits', () =>
    withStore(async (store) => {
      const appends = Array.from({ length: 200 }, (_, i) =>
        store.append({ environment: 'prod', dataset: `ds-${i % 3}`, events: [ev({ seq: i }, i), ev({ seq: i + 1000 }, i)] }),
      );
      const results = await Promise.all(appends);
      expect(results.every((r) => r.stored === 2)).toBe(true);
      expect(store.commits).toBeLessThanOrEqual(5);
      const seqs = (await Promise.all([0, 1, 2].map((d) => readEvents(store, 'prod', `ds-${d}`)))).flat().map((e) => e.fields.seq);
      expect(seqs.sort((a, b) => Number(a) - Number(b))).toEqual([
        ...Array.from({ length: 200 }, (_, i) => i),
        ...Array.from({ length: 200 }, (_, i) => i + 1000),
      ]);
    }));

  it('refuses appends at once when too many events wait, and stores all it accepted', () =>
    withStore(
      async (store) => {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) =>
            store.append({ environment: 'prod', dataset: 'api', events: Array.from({ length: 100 }, (_, j) => ev({ seq: i * 100 + j })) }),
          ),
        );
        const refused = outcomes.filter((o) => o.status === 'rejected');
        expect(refused.length).toBeGreaterThan(0);
        for (const o of refused) {
          expect(o.reason).toBeInstanceOf(StoreOverloadedError);
          expect((o.reason as StoreOverloadedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
        }
        const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
        expect(accepted).toBeGreaterThanOrEqual(5);
        expect(await readEvents(store, 'prod', 'api')).toHaveLength(accepted * 100);
      },
      { maxPendingEvents: 500 },
    ));

  it('fails only the batch that cannot be written, and plans later ones from what committed', () =>
    withStore(async (store) => {
      await store.append({ environment: 'prod', dataset: 'broken', events: [ev({ a: 1 })] });
      await store.append({ environment: 'prod', dataset: 'fine', events: [ev({ a: 1 })] });
      // A table lost behind the store's back makes every write to it fail.
      await store.query(`DROP TABLE ${(await store.target('prod', ['broken']))!.tables[0].table}`, []);
      const outcomes = await Promise.allSettled([
        store.append({ environment: 'prod', dataset: 'fine', events: [ev({ a: 2 })] }),
        store.append({ environment: 'prod', dataset: 'broken', events: [ev({ a: 2, b: 'new' })] }),
        store.append({ environment: 'prod', dataset: 'fine', events: [ev({ a: 3, c: true })] }),
        store.append({ environment: 'prod', dataset: 'fresh', events: [ev({ a: 4 })] }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((await readEvents(store, 'prod', 'fine')).map((e) => e.fields)).toEqual([{ a: 1 }, { a: 2 }, { a: 3, c: true }]);
      expect(await readEvents(store, 'prod', 'fresh')).toEqual([ev({ a: 4 })]);
      expect((await store.target('prod', '__all__'))!.fields.has('b')).toBe(false);
    }));

  it('indexes traces by id, with the tables and time range of their spans', () =>
    withStore(async (store) => {
      await store.append({
        environment: 'prod',
        dataset: 'frontend',
        events: [ev({ 'trace.trace_id': 'abc', name: 'page load' }, 0), ev({ 'trace.trace_id': 'other' }, 50)],
      });
      await store.append({
        environment: 'prod',
        dataset: 'api',
        events: [ev({ 'trace.trace_id': 'abc' }, 100), ev({ 'trace.trace_id': 'abc' }, 300)],
      });
      await store.append({ environment: 'prod', dataset: 'api', events: [ev({ 'trace.trace_id': 'abc' }, 900)] });
      const tables = (await store.target('prod', '__all__'))!.tables;
      const tableOf = (dataset: string) => tables.find((t) => t.dataset === dataset)!.table;
      expect(await store.findTrace('prod', 'abc')).toEqual([
        { dataset: 'frontend', table: tableOf('frontend'), minTimeUs: T0, maxTimeUs: T0 },
        { dataset: 'api', table: tableOf('api'), minTimeUs: T0 + 100, maxTimeUs: T0 + 900 },
      ]);
      expect(await store.findTrace('staging', 'abc')).toEqual([]);
      expect(await store.findTrace('prod', 'missing')).toEqual([]);
    }));

  it('keeps catalog and data when reopened, and goes on numbering after them', async () => {
    const dataDir = await tempDir();
    const first = await openStore(dataDir);
    await first.append({ environment: 'prod', dataset: 'api', events: [ev({ a: 1, b: 'x' })] });
    await first.append({ environment: 'prod', dataset: 'api', events: [ev({ a: 1.5 }, 1)] });
    const before = await first.target('prod', '__all__');
    await first.close();

    const second = await openStore(dataDir);
    try {
      expect(await second.target('prod', '__all__')).toEqual(before);
      expect(await readEvents(second, 'prod', 'api')).toEqual([ev({ a: 1, b: 'x' }), ev({ a: 1.5 }, 1)]);
      await second.append({ environment: 'prod', dataset: 'web', events: [ev({ c: true })] });
      const after = (await second.target('prod', '__all__'))!;
      expect(new Set(after.tables.map((t) => t.table)).size).toBe(2);
      expect(new Set([...after.fields.values()].map((f) => f.column)).size).toBe(3);
    } finally {
      await second.close();
    }
  });

  it('commits what is pending and lets running queries finish before it closes, and refuses work after', async () => {
    const dataDir = await tempDir();
    const store = await openStore(dataDir);
    const pending = Array.from({ length: 20 }, (_, i) => store.append({ environment: 'prod', dataset: 'api', events: [ev({ seq: i })] }));
    const running = store.query('SELECT count(*) AS n FROM range(20000000)', []);
    await store.close();
    expect((await Promise.all(pending)).every((r) => r.stored === 1)).toBe(true);
    expect(await running).toEqual([{ n: 20_000_000 }]);
    await expect(store.append({ environment: 'prod', dataset: 'api', events: [ev({ seq: 99 })] })).rejects.toThrow(/closed/);
    await expect(store.query('SELECT 1', [])).rejects.toThrow(/closed/);
    const reopened = await openStore(dataDir);
    try {
      expect(await readEvents(reopened, 'prod', 'api')).toHaveLength(20);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a data directory that another process or this one holds', () =>
    withStore(async (store, dataDir) => {
      await expect(openStore(dataDir)).rejects.toThrow(/already open in this process/);
      const other = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `import { openDuckDbStore } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};
           await openDuckDbStore({ dataDir: ${JSON.stringify(dataDir)}, maxColumnsPerDataset: 100, maxPendingEvents: 10, log: console });`,
        ],
        { encoding: 'utf8' },
      );
      expect(other.status).not.toBe(0);
      expect(other.stderr).toMatch(/in use by another Flashlight process/);
    }));
});
