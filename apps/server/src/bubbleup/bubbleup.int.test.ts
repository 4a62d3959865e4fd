// BubbleUp and the entity lens over HTTP against a real server on each store engine,
// with generated requests whose differences are known.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { ERROR_USER, SLOW_MS, SLOW_REGION, SLOW_VERSION, knownDifferenceEvents, type BatchEvent } from './test-fixtures/known-differences.ts';
import type { BubbleUpResult } from './run-bubbleup.ts';
import type { EntityLens } from '../entity/entity-lens.ts';
import { HOSTILE_NAMES } from '../hardening/hostile-names.ts';

const now = Date.now();
const events = knownDifferenceEvents(600, now);
const query = { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], time_range: 3600 };

/** Weighted share of `events` for which `where` holds. */
function share(of: BatchEvent[], where: (e: BatchEvent) => boolean): number {
  const total = of.reduce((sum, e) => sum + e.samplerate, 0);
  return of.filter(where).reduce((sum, e) => sum + e.samplerate, 0) / total;
}

describe.each(ENGINES)('BubbleUp and the entity lens on %s', (engine) => {
  let server: TempServer;
  const post = (body: unknown) => fetch(`${server.url}/api/v1/bubbleup`, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    server = await startTempServerOn(engine);
    const sent = await fetch(`${server.url}/1/batch/api`, { method: 'POST', body: JSON.stringify(events) });
    expect(sent.status).toBe(200);
    // Hostile names as fields whose values are the names themselves on half of the events.
    const hostile = Array.from({ length: 12 }, (_, i) => ({
      time: new Date(now - 1000 - i * 1000).toISOString(),
      data: Object.fromEntries(HOSTILE_NAMES.map((name) => [name, i % 2 ? name : 'plain'])),
    }));
    expect((await fetch(`${server.url}/1/batch/hostile`, { method: 'POST', body: JSON.stringify(hostile) })).status).toBe(200);
  }, 120_000);

  afterAll(async () => server?.dispose());

  test('a heatmap selection of the slow requests ranks region and app.version first, with their values', async () => {
    const selection = {
      filters: [
        { column: 'duration_ms', op: '>=', value: SLOW_MS },
        { column: 'duration_ms', op: '<=', value: 2000 },
      ],
      start_time: Math.floor(now / 1000) - 3600,
      end_time: Math.ceil(now / 1000),
    };
    const response = await post({ dataset: 'api', query, selection });
    expect(response.status).toBe(200);
    const result = (await response.json()) as BubbleUpResult;
    const slow = events.filter((e) => (e.data.duration_ms as number) >= SLOW_MS);
    const rest = events.filter((e) => (e.data.duration_ms as number) < SLOW_MS);
    const weight = (of: BatchEvent[]) => of.reduce((sum, e) => sum + e.samplerate, 0);
    expect([result.selected, result.baseline]).toEqual([weight(slow), weight(rest)]);

    expect(
      result.columns
        .slice(0, 2)
        .map((c) => c.field)
        .sort(),
    ).toEqual(['app.version', 'region']);
    const [region, version] = ['region', 'app.version'].map((name) => result.columns.find((c) => c.field === name)!);
    const euWest = region.values.find((v) => v.value === SLOW_REGION)!;
    expect(euWest.selected).toBe(1);
    expect(euWest.baseline).toBeCloseTo(
      share(rest, (e) => e.data.region === SLOW_REGION),
      10,
    );
    expect(version.values.find((v) => v.value === SLOW_VERSION)).toMatchObject({ selected: 1, baseline: 0 });
    expect(version.score).toBe(1);
    expect(version.explanation).toContain(`app.version = "${SLOW_VERSION}": 100% of the selection vs 0% of the baseline`);

    // The column the selection is drawn on says nothing new: it is listed last.
    expect(result.columns.at(-1)).toMatchObject({ field: 'duration_ms', definesSelection: true, kind: 'buckets' });
    // A unique id per event is noise for this question: left out unless asked for, and then it separates nothing.
    expect(result.columns.find((c) => c.field === 'trace.trace_id')).toBeUndefined();
    expect(result.hidden).toEqual(['trace.trace_id']);
    const all = (await (await post({ dataset: 'api', query, selection, near_unique: true })).json()) as BubbleUpResult;
    expect(all.hidden).toEqual([]);
    expect(all.columns.find((c) => c.field === 'trace.trace_id')).toMatchObject({ score: 0, values: [], nearUnique: true });
    expect(all.columns.filter((c) => c.field !== 'trace.trace_id')).toEqual(result.columns);
  });

  test('near_unique must be a boolean', async () => {
    const response = await post({ dataset: 'api', query, selection: {}, near_unique: 'yes' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('near_unique');
  });

  test('hostile field names and values are only data, in BubbleUp and the entity lens', async () => {
    const [picked, other] = [HOSTILE_NAMES[5], HOSTILE_NAMES[9]];
    const response = await post({ dataset: 'hostile', query: { time_range: 600 }, selection: { filters: [{ column: picked, op: '=', value: picked }] } });
    expect(response.status).toBe(200);
    const result = (await response.json()) as BubbleUpResult;
    expect([result.selected, result.baseline]).toEqual([6, 6]);
    const column = result.columns.find((c) => c.field === other)!;
    expect(column.score).toBe(1);
    expect(column.values.map(({ value, selected, baseline }) => ({ value, selected, baseline }))).toEqual(
      expect.arrayContaining([
        { value: other, selected: 1, baseline: 0 },
        { value: 'plain', selected: 0, baseline: 1 },
      ]),
    );
    const lens = await fetch(`${server.url}/api/v1/entity?${new URLSearchParams({ dataset: 'hostile', field: picked, value: picked, time_range: '600' })}`);
    expect(lens.status).toBe(200);
    const body = (await lens.json()) as EntityLens;
    // Without error and duration fields there is nothing to rate or rank by.
    expect(body.entity).toMatchObject({ count: 6, errorRate: null, p50: null, p99: null });
    expect(body.ranks).toEqual([]);
    expect(body.latest.every((e) => e.fields[other] === other)).toBe(true);
  });

  test('a bad selection is a 400 that names the selection part', async () => {
    const response = await post({ dataset: 'api', query, selection: { filters: [{ column: 'regoin', op: '=', value: 'x' }] } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { path: string }).path).toBe('selection.filters[0].column');
  });

  test("the entity lens of the erring user shows its error rate against everyone else's, itself left out", async () => {
    const response = await fetch(`${server.url}/api/v1/entity?dataset=api&field=user.id&value=${ERROR_USER}&time_range=3600`);
    expect(response.status).toBe(200);
    const lens = (await response.json()) as EntityLens;
    const mine = events.filter((e) => e.data['user.id'] === ERROR_USER);
    expect(lens.entity.errorRate).toBeCloseTo(
      share(mine, (e) => e.data.error === true),
      10,
    );
    const others = events.filter((e) => e.data['user.id'] !== ERROR_USER);
    expect(lens.everyoneElse.errorRate).toBeCloseTo(
      share(others, (e) => e.data.error === true),
      10,
    );
    expect(lens.everyoneElse.count).toBe(others.reduce((sum, e) => sum + e.samplerate, 0));
    expect(lens.entity.count).toBe(mine.reduce((sum, e) => sum + e.samplerate, 0));
    expect(lens.ranks.find((r) => r.by === 'error rate')).toEqual({ by: 'error rate', percentile: 1, entities: 30 });
    expect(lens.latest.length).toBe(Math.min(25, mine.length));
    expect(lens.latest.every((e) => e.fields['user.id'] === ERROR_USER)).toBe(true);
    expect(lens.latest.map((e) => e.time)).toEqual(lens.latest.map((e) => e.time).sort((a, b) => b - a));
    // This user versus everyone else: what sets it apart is its errors.
    expect(lens.bubbleUp.columns[0].field).toBe('error');
    expect(lens.bubbleUp.columns.at(-1)?.field).toBe('user.id');
  });
});
