import { expect, test } from 'vitest';
import type { Marker } from './markers-api.ts';
import { groupMarkers } from './marker-groups.ts';

const T0 = 1_700_000_000;
let n = 0;
const marker = (fields: Partial<Marker>): Marker => ({
  id: `m${n++}`,
  type: 'deploy',
  message: '',
  url: null,
  start_time: T0,
  end_time: null,
  dataset: 'shop',
  created_by: 'ci',
  source: 'ledger',
  ...fields,
});
// An hour over 1200 px: 3 s per pixel.
const x = (ms: number) => (ms - T0 * 1000) / 3000;
const group = (markers: Marker[]) => groupMarkers(markers, x, T0 * 1000, (T0 + 3600) * 1000).map((m) => [m.kind, m.markers.length, Math.round(m.left)]);

test('a dozen deploys of one service within seconds are one mark with all twelve', () => {
  const deploys = Array.from({ length: 12 }, (_, i) => marker({ start_time: T0 + 600 + i * 3 }));
  expect(group(deploys)).toEqual([['deploy', 12, 200]]);
});

test('different kinds, datasets or origins, far-apart times and bands stay apart', () => {
  expect(
    group([
      marker({ start_time: T0 + 600 }),
      marker({ start_time: T0 + 601, type: 'flag' }),
      marker({ start_time: T0 + 602, dataset: 'billing' }),
      marker({ start_time: T0 + 603, source: 'api' }),
      marker({ start_time: T0 + 1800 }),
      marker({ start_time: T0 + 605, end_time: T0 + 900, type: 'config' }),
    ]),
  ).toEqual([
    ['deploy', 1, 200],
    ['flag', 1, 200],
    ['deploy', 1, 201],
    ['deploy', 1, 201],
    ['config', 1, 202],
    ['deploy', 1, 600],
  ]);
});

test('markers outside the window are left out; a band is clipped to it', () => {
  const marks = groupMarkers([marker({ start_time: T0 - 60 }), marker({ start_time: T0 - 600, end_time: T0 + 300 })], x, T0 * 1000, (T0 + 3600) * 1000);
  expect(marks.map((m) => [m.left, m.right])).toEqual([[0, 100]]);
});
