import { describe, expect, test } from 'vitest';
import type { FieldInfo } from '@flashlight/query';
import { pick, seededRandom } from '../hardening/seeded-random.ts';
import { simulatedChance } from './chance.ts';
import { rankColumns, type CountRow } from './rank-columns.ts';
import { MIN_EVENTS_PER_VALUE, TOP_VALUES, VALUES_READ } from './bubbleup-sql.ts';

/** What compileBubbleUpCounts answers for one string column: values seen often enough, the most prominent VALUES_READ. */
function countRows(values: readonly string[], selected: ReadonlySet<number>): CountRow[] {
  const byValue = new Map<string, { events: number; sel: number }>();
  values.forEach((v, i) => {
    const counts = byValue.get(v) ?? { events: 0, sel: 0 };
    counts.events++;
    if (selected.has(i)) counts.sel++;
    byValue.set(v, counts);
  });
  const [n, m] = [selected.size, values.length - selected.size];
  return [...byValue]
    .filter(([, c]) => c.events >= MIN_EVENTS_PER_VALUE)
    .sort(([a, x], [b, y]) => y.sel / n + (y.events - y.sel) / m - (x.sel / n + (x.events - x.sel) / m) || a.localeCompare(b))
    .slice(0, VALUES_READ)
    .map(([v, c]) => ({ col: '0', sv: v, nv: null, sel_w: c.sel, all_w: c.events, events: c.events, sel_events: c.sel }));
}

const users: FieldInfo = { name: 'user.id', type: 'string', column: 'f0' };

/** The score and chance of a column of `values` for a random selection of `size` of its events. */
function scoreOf(values: readonly string[], size: number, seed: number) {
  const random = seededRandom(seed);
  const selected = new Set<number>();
  while (selected.size < size) selected.add(Math.floor(random() * values.length));
  const weights = { selected: size, baseline: values.length - size, selectedEvents: size, events: values.length };
  return rankColumns([{ field: users, kind: 'values' }], countRows(values, selected), weights, new Set())[0];
}

describe('simulatedChance', () => {
  const random = seededRandom(18);
  const userIds = Array.from({ length: 200 }, (_, i) => `u-${i}`);
  // 200 users over 2,000 events, none of them related to any selection.
  const events = Array.from({ length: 2_000 }, () => pick(random, userIds));

  test.each([40, 400])('a column of 200 random user ids scores what its chance says, for a random selection of %i events', (size) => {
    const answers = Array.from({ length: 40 }, (_, seed) => scoreOf(events, size, seed + 1));
    const meanScore = answers.reduce((sum, a) => sum + a.score, 0) / answers.length;
    const meanChance = answers.reduce((sum, a) => sum + a.chance, 0) / answers.length;
    // Top values chosen by prominence make a random selection look different: the chance must say so.
    expect(meanScore).toBeGreaterThan(0.1);
    expect(Math.abs(meanScore - meanChance)).toBeLessThan(0.03);
    // The excess a column ranks by stays near zero for every one of them.
    for (const answer of answers) expect(Math.abs(answer.score - answer.chance)).toBeLessThan(0.15);
  });

  test('is the same for the same counts, and small for a few common values', () => {
    const counts = { values: [500, 500, 500, 500], rest: 0 };
    expect(simulatedChance(counts, 100, TOP_VALUES)).toBe(simulatedChance(counts, 100, TOP_VALUES));
    // The normal approximation, with the finite-population correction of drawing 100 of 2,000.
    const expected = 2 * Math.sqrt((0.375 / (Math.PI * 100)) * (1900 / 1999));
    expect(simulatedChance(counts, 100, TOP_VALUES)).toBeCloseTo(expected, 1);
    expect(simulatedChance(counts, 1000, TOP_VALUES)).toBeLessThan(simulatedChance(counts, 100, TOP_VALUES));
  });

  test('is zero when there is nothing to draw from, and within [0, 1] at the extremes', () => {
    expect(simulatedChance({ values: [10], rest: 0 }, 0, TOP_VALUES)).toBe(0);
    expect(simulatedChance({ values: [10], rest: 0 }, 10, TOP_VALUES)).toBe(0);
    const tiny = simulatedChance({ values: [5, 5, 5], rest: 3 }, 17, TOP_VALUES);
    expect(tiny).toBeGreaterThanOrEqual(0);
    expect(tiny).toBeLessThanOrEqual(1);
  });
});
