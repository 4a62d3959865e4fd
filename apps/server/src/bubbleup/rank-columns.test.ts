import { describe, expect, test } from 'vitest';
import type { FieldInfo } from '@flashlight/query';
import { rankColumns, type BoundedColumn, type CountRow } from './rank-columns.ts';
import { simulatedChance } from './chance.ts';
import { isNearUnique } from './near-unique.ts';

const field = (name: string, type: FieldInfo['type'], column: string): FieldInfo => ({ name, type, column });
const region: BoundedColumn = { field: field('region', 'string', 'f0'), kind: 'values' };
const ok: BoundedColumn = { field: field('ok', 'boolean', 'f1'), kind: 'values' };
const duration: BoundedColumn = { field: field('duration_ms', 'float', 'f2'), kind: 'buckets', low: 0, high: 200 };
const row = (col: number, sv: string | null, nv: number | null, sel_w: number, all_w: number): CountRow => ({
  col: String(col),
  sv,
  nv,
  sel_w,
  all_w,
  events: all_w,
  sel_events: sel_w,
});

describe('rankColumns', () => {
  // Selection: 10 events; baseline: 30.
  const weights = { selected: 10, baseline: 30, selectedEvents: 10, events: 40 };
  const rows = [
    row(0, 'eu', null, 9, 12),
    row(0, 'us', null, 1, 28),
    row(1, null, 1, 5, 20),
    row(1, null, 0, 5, 20),
    row(2, null, 0, 2, 20),
    row(2, null, 19, 8, 20),
  ];

  test('ranks by total variation distance and explains the largest difference', () => {
    const [first, second, third] = rankColumns([region, ok, duration], rows, weights, new Set());
    expect(first).toMatchObject({ field: 'region', score: 0.8 });
    expect(first.values[0]).toEqual({ value: 'eu', selected: 0.9, baseline: 0.1, selectedCount: 9, baselineCount: 3 });
    expect(first.chance).toBe(simulatedChance({ values: [12, 28], rest: 0 }, 10, 20));
    expect(first.explanation).toBe(
      `80% of the selection would need other values of region to match the baseline (${Math.round(first.chance * 100)}% by chance in 10 events); the largest difference is region = "eu": 90% of the selection vs 10% of the baseline.`,
    );
    expect(second.field).toBe('duration_ms');
    expect(second.values.map((v) => v.range)).toEqual([
      [0, 10],
      [190, 200],
    ]);
    expect(third).toMatchObject({ field: 'ok', score: 0, values: [{ value: false }, { value: true }] });
  });

  test('ranks a column with many values seen in few events below one that differs beyond chance', () => {
    const users: BoundedColumn = { field: field('user.id', 'string', 'f3'), kind: 'values' };
    // Five selected events spread over users: a distance of 0.8, but 30 users make most of it chance.
    const many = Array.from({ length: 30 }, (_, u) => row(1, `u${u}`, null, u < 5 ? 2 : 0, u < 5 ? 3 : 1));
    const ranked = rankColumns([region, users], [row(0, 'eu', null, 7, 10), row(0, 'us', null, 3, 30), ...many], weights, new Set());
    expect(ranked.map((c) => c.field)).toEqual(['region', 'user.id']);
    expect(ranked[1].score).toBeGreaterThan(ranked[0].score);
  });

  test('lists a column the selection is drawn on last; values not counted are the others', () => {
    const ranked = rankColumns(
      [region, ok, duration],
      [row(0, 'eu', null, 9, 12), row(2, null, 5, 0, 1), row(2, null, 0, 2, 20)],
      weights,
      new Set(['region']),
    );
    expect(ranked.map((c) => c.field)).toEqual(['duration_ms', 'ok', 'region']);
    expect(ranked[0].values.map((v) => v.range![0])).toEqual([0, 50]);
    expect(ranked[2].other).toEqual({ selected: expect.closeTo(0.1, 10), baseline: 0.9 });
  });

  test('lists the TOP_VALUES most prominent values whatever order the rows come in, the rest as others', () => {
    const users: BoundedColumn = { field: field('user.id', 'string', 'f3'), kind: 'values' };
    const many = Array.from({ length: 30 }, (_, u) => row(0, `u${String(u).padStart(2, '0')}`, null, u < 2 ? 2 : 0, 1 + (u < 2 ? 2 : 0) + (u % 3)));
    const [forward, backward] = [many, [...many].reverse()].map((rows) => rankColumns([users], rows, weights, new Set())[0]);
    expect(forward.values).toHaveLength(20);
    expect(forward.values.slice(0, 2).map((v) => v.value)).toEqual(['u01', 'u00']);
    expect(backward.values).toEqual(forward.values);
    expect(backward.score).toBe(forward.score);
  });

  test('marks near-unique columns: a string column with a new value almost every event, and process identities', () => {
    const traces: BoundedColumn = { field: field('trace.trace_id', 'string', 'f4'), kind: 'values' };
    const pid: BoundedColumn = { field: field('process.pid', 'integer', 'f5'), kind: 'buckets', low: 1, high: 9 };
    const distinct = (col: number, uniq: number, present: number): CountRow => ({
      col: `distinct:${col}`,
      sv: null,
      nv: null,
      sel_w: null,
      all_w: null,
      events: null,
      sel_events: null,
      uniq,
      present,
    });
    const ranked = rankColumns(
      [region, traces, pid],
      [...rows.slice(0, 2), distinct(0, 2, 40), distinct(1, 40, 40), row(2, null, 3, 5, 20)],
      weights,
      new Set(),
    );
    expect(Object.fromEntries(ranked.map((c) => [c.field, c.nearUnique]))).toEqual({ region: false, 'trace.trace_id': true, 'process.pid': true });
  });
});

describe('isNearUnique', () => {
  test.each([
    ['trace.span_id', { distinct: 900, present: 1000 }, true],
    ['user.id', { distinct: 200, present: 1000 }, false],
    ['process.pid', null, true],
    ['process.parent_pid', null, true],
    ['client.port', null, true],
    ['server.port', null, false],
    ['request.timestamp', null, true],
    ['created_at', null, true],
    ['duration_ms', null, false],
    ['response.time', null, false],
  ] as const)('%s: %s', (name, strings, expected) => {
    expect(isNearUnique(name, strings)).toBe(expected);
  });
});

describe('values with too few sampled events', () => {
  test('are marked where the selection’s count interval is wider than the count, by the rule results use', () => {
    // One event kept at 1 in 20 stands for 20: Σ w(w−1) = 380, its interval 20 ± 38. Twenty unsampled events are exact.
    const sampled = { ...row(0, 'rare', null, 20, 20), events: 1, sel_events: 1, sel_q: 380 };
    const [ranked] = rankColumns(
      [region],
      [sampled, row(0, 'common', null, 20, 40)],
      { selected: 40, baseline: 20, selectedEvents: 21, events: 41 },
      new Set(),
    );
    expect(ranked.values.find((v) => v.value === 'rare')).toMatchObject({ uncertain: true });
    expect(ranked.values.find((v) => v.value === 'common')).not.toHaveProperty('uncertain');
  });
});
