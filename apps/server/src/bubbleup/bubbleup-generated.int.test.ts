// BubbleUp and the entity lens on generated data with a known answer, hostile numbers and
// a wide dataset, on DuckDB and on a two-shard ClickHouse cluster; each dataset mixes spans
// and plain events, with columns of every type (integer and float side by side).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { seededRandom } from '../hardening/seeded-random.ts';
import type { BubbleUpResult } from './run-bubbleup.ts';
import type { EntityLens } from '../entity/entity-lens.ts';
import { NEAR_UNIQUE_FIELDS, RANDOM_FIELDS, SLOW_MS, SLOW_VERSION, versionRegressionEvents } from './test-fixtures/version-regression.ts';

const now = Date.now();
const events = versionRegressionEvents(2_000, now);
const query = { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], time_range: 3600 };
const slowSelection = { filters: [{ column: 'duration_ms', op: '>=', value: SLOW_MS }] };
/**
 * How far a random column's score may sit from its simulated chance: a few standard
 * deviations of the score of one random selection of about 40 events.
 */
const CHANCE_TOLERANCE = 0.15;

/** Extreme numbers a careless or hostile client sends, as raw JSON (1e999 parses to Infinity). */
const EXTREMES = ['1.7e308', '-1.7e308', '1e999', '-1e999', '5e-324', '-0', '9223372036854775807'];
/** Columns of the wide dataset besides its planted ones: several passes (FLASHLIGHT_SOAK=1 reads the full 1,000-column cap). */
const WIDE_COLUMNS = process.env.FLASHLIGHT_SOAK === '1' ? 980 : 240;
const WIDE_EVENTS = process.env.FLASHLIGHT_SOAK === '1' ? 20_000 : 300;

describe.each(ENGINES)('BubbleUp on generated and hostile data on %s', (engine) => {
  let server: TempServer;
  const post = async (body: unknown): Promise<BubbleUpResult> => {
    const response = await fetch(`${server.url}/api/v1/bubbleup`, { method: 'POST', body: JSON.stringify(body) });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    return JSON.parse(text) as BubbleUpResult;
  };
  const send = async (dataset: string, body: string) => {
    const post = () => fetch(`${server.url}/1/batch/${dataset}`, { method: 'POST', body });
    // A long run of requests can meet a keep-alive socket the server has just closed: send again once.
    const response = await post().catch(post);
    expect(response.status, await response.text()).toBe(200);
  };

  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: 2 });
    await send('shop', JSON.stringify(events));
    // One event per extreme number, in a float column beside integers, floats and text.
    const extremes = EXTREMES.map(
      (text, i) =>
        `{"time":"${new Date(now - 5_000 - i * 1000).toISOString()}","data":{"payload.size":${text},"attempt":${i},"ratio":${i / 10},"kind":"${i % 2 ? 'span' : 'log'}"${i % 2 ? `,"trace.trace_id":"x${i}","name":"upload"` : ''}}}`,
    );
    const ordinary = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        time: new Date(now - 20_000 - i * 1000).toISOString(),
        data: { 'payload.size': i * 1.5, attempt: i, ratio: 0.5, kind: i % 2 ? 'span' : 'log' },
      }),
    );
    await send('extremes', `[${[...extremes, ...ordinary].join(',')}]`);
  }, 180_000);

  afterAll(async () => server?.dispose());

  test('only app.version matters: it ranks first, random columns sit at their chance, near-unique ones are left out', async () => {
    const result = await post({ dataset: 'shop', query, selection: slowSelection });
    const slow = events.filter((e) => e.data['app.version'] === SLOW_VERSION).length;
    expect(result.selected).toBe(slow);
    expect(result.columns[0]).toMatchObject({ field: 'app.version', score: 1 });
    for (const field of RANDOM_FIELDS) {
      const column = result.columns.find((c) => c.field === field)!;
      expect(Math.abs(column.score - column.chance), `${field}: score ${column.score}, chance ${column.chance}`).toBeLessThan(CHANCE_TOLERANCE);
    }
    // 200 user ids in about 40 selected events: most of the score is chance, and the chance says so.
    expect(result.columns.find((c) => c.field === 'user.id')!.chance).toBeGreaterThan(0.25);
    expect(result.hidden.sort()).toEqual(NEAR_UNIQUE_FIELDS);
    expect(result.columns.map((c) => c.field)).not.toEqual(expect.arrayContaining(NEAR_UNIQUE_FIELDS.slice(0, 1)));

    const all = await post({ dataset: 'shop', query, selection: slowSelection, near_unique: true });
    expect(all.hidden).toEqual([]);
    expect(
      all.columns
        .filter((c) => c.nearUnique)
        .map((c) => c.field)
        .sort(),
    ).toEqual(NEAR_UNIQUE_FIELDS);
    expect(all.columns[0].field).toBe('app.version');
  });

  test('the entity lens of the slow build: everyone else leaves it out, its BubbleUp hides near-unique columns', async () => {
    const params = new URLSearchParams({ dataset: 'shop', field: 'app.version', value: SLOW_VERSION, time_range: '3600' });
    const response = await fetch(`${server.url}/api/v1/entity?${params}`);
    expect(response.status).toBe(200);
    const lens = (await response.json()) as EntityLens;
    expect(lens.everyoneElse.count).toBe(events.filter((e) => e.data['app.version'] !== SLOW_VERSION).length);
    expect(lens.everyoneElse.p99).toBeLessThan(SLOW_MS);
    expect(lens.bubbleUp.columns[0].field).toBe('duration_ms');
    expect(lens.bubbleUp.hidden.sort()).toEqual(NEAR_UNIQUE_FIELDS);
    params.set('near_unique', 'true');
    const all = (await (await fetch(`${server.url}/api/v1/entity?${params}`)).json()) as EntityLens;
    expect(all.bubbleUp.hidden).toEqual([]);
    params.set('near_unique', 'maybe');
    expect((await fetch(`${server.url}/api/v1/entity?${params}`)).status).toBe(400);
  });

  test('a column of extreme numbers (±1.7e308, ±Infinity) never makes BubbleUp or the entity lens fail', async () => {
    for (const selection of [
      { filters: [{ column: 'attempt', op: '<', value: EXTREMES.length }] },
      { filters: [{ column: 'kind', op: '=', value: 'span' }] },
      { start_time: Math.floor(now / 1000) - 10 },
    ]) {
      const result = await post({ dataset: 'extremes', query: { time_range: 600 }, selection, near_unique: true });
      const size = result.columns.find((c) => c.field === 'payload.size');
      expect(size?.kind).toBe('buckets');
      for (const share of size!.values) if (share.range) expect(share.range.every(Number.isFinite)).toBe(true);
    }
    const lens = await fetch(`${server.url}/api/v1/entity?${new URLSearchParams({ dataset: 'extremes', field: 'kind', value: 'span', time_range: '600' })}`);
    expect(lens.status, await lens.clone().text()).toBe(200);
    expect(((await lens.json()) as EntityLens).bubbleUp.columns.some((c) => c.field === 'payload.size')).toBe(true);
  });

  test(`a dataset of ${WIDE_COLUMNS} columns is compared in bounded passes and ranks its one difference first`, async () => {
    const random = seededRandom(1000);
    const wide = Array.from({ length: WIDE_EVENTS }, (_, i) => {
      const data: Record<string, string | number | boolean> = {
        planted: i < 30 ? 'yes' : 'no',
        signal: i < 30 || i % 10 === 0 ? 'hot' : 'cold',
        ...(i % 2 ? { 'trace.trace_id': `w${i}`, name: 'wide' } : {}),
      };
      for (let c = 0; c < WIDE_COLUMNS; c++) data[`c${c}`] = c % 3 === 0 ? Math.floor(random() * 5) : c % 3 === 1 ? random() : `v${Math.floor(random() * 3)}`;
      return { time: new Date(now - 1000 - (i % 500) * 1000).toISOString(), data };
    });
    // Batches of 20 events: about 0.5 MB each, under the ingest body limit.
    for (let i = 0; i < wide.length; i += 20) await send('wide', JSON.stringify(wide.slice(i, i + 20)));
    const result = await post({ dataset: 'wide', query: { time_range: 600 }, selection: { filters: [{ column: 'planted', op: '=', value: 'yes' }] } });
    expect(result.selected).toBe(30);
    expect(result.columns.length).toBeGreaterThanOrEqual(WIDE_COLUMNS);
    expect(result.columns[0].field).toBe('signal');
    expect(result.columns.at(-1)?.field).toBe('planted');
    // Every random column sits near its chance: none stands out.
    for (const column of result.columns.slice(1, -1)) expect(column.score - column.chance, column.field).toBeLessThan(CHANCE_TOLERANCE * 2);
  }, 600_000);
});
