import { expect, test } from 'vitest';
import { shapeQueryResult } from './shape-result.ts';
import type { ResultLayout } from './compile-query.ts';

const T0 = 1_800_000_000_000_000; // µs
const layout: ResultLayout = {
  breakdowns: ['http.route'],
  calculations: [
    { name: 'COUNT', op: 'COUNT' },
    { name: 'RATE_SUM(bytes)', op: 'RATE_SUM', measure: 0 },
    { name: 'HEATMAP(bytes)', op: 'HEATMAP', measure: 0 },
  ],
  heatmapBuckets: 2,
  startUs: T0,
  endUs: T0 + 180e6,
  bucketUs: 60e6,
};
const heatmapCells = (a: number, b: number) => ({ a2_0: a, a2_1: b });

test('totals in rank order, series in time order with their group, 64-bit integers as numbers', () => {
  const rows = [
    { part: 0, bucket: null, g0: '/b', a0: 30n, a1: 600, ...heatmapCells(10, 20), lo0: 0, hi0: 100 },
    { part: 0, bucket: null, g0: null, a0: 5n, a1: 50, ...heatmapCells(5, 0), lo0: 0, hi0: 100 },
    { part: 1, bucket: T0 + 60e6, g0: '/b', a0: 20n, a1: 420, ...heatmapCells(5, 15), lo0: null, hi0: null },
    { part: 1, bucket: T0, g0: null, a0: 5n, a1: 50, ...heatmapCells(5, 0), lo0: null, hi0: null },
    { part: 1, bucket: T0, g0: '/b', a0: 10n, a1: 180, ...heatmapCells(5, 5), lo0: null, hi0: null },
  ];
  const { data } = shapeQueryResult(rows, layout);
  expect(data.results).toEqual([
    { data: { 'http.route': '/b', COUNT: 30, 'RATE_SUM(bytes)': 4, 'HEATMAP(bytes)': { bounds: [0, 50, 100], counts: [10, 20] } } },
    { data: { 'http.route': null, COUNT: 5, 'RATE_SUM(bytes)': null, 'HEATMAP(bytes)': { bounds: [0, 50, 100], counts: [5, 0] } } },
  ]);
  expect(data.series).toEqual([
    {
      time: '2027-01-15T08:00:00.000Z',
      data: { 'http.route': '/b', COUNT: 10, 'RATE_SUM(bytes)': null, 'HEATMAP(bytes)': { bounds: [0, 50, 100], counts: [5, 5] } },
    },
    {
      time: '2027-01-15T08:00:00.000Z',
      data: { 'http.route': null, COUNT: 5, 'RATE_SUM(bytes)': null, 'HEATMAP(bytes)': { bounds: [0, 50, 100], counts: [5, 0] } },
    },
    // (420 - 180) / 60 s
    {
      time: '2027-01-15T08:01:00.000Z',
      data: { 'http.route': '/b', COUNT: 20, 'RATE_SUM(bytes)': 4, 'HEATMAP(bytes)': { bounds: [0, 50, 100], counts: [5, 15] } },
    },
  ]);
});

test('a heatmap over no values has no bounds', () => {
  const { data } = shapeQueryResult([{ part: 0, bucket: null, g0: '/a', a0: 0, a1: null, ...heatmapCells(0, 0), lo0: null, hi0: null }], layout);
  expect(data.results[0].data['HEATMAP(bytes)']).toEqual({ bounds: [], counts: [] });
  expect(data.series).toEqual([]);
});
