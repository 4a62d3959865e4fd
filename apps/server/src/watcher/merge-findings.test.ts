import { describe, expect, test } from 'vitest';
import { mergeFindings, placeKey, titleOf, type Observation, type OpenFinding } from './merge-findings.ts';

const latency = (name: string, since: number, current = 400): Observation => ({
  dataset: 'orders',
  place: 'entry_point',
  name,
  kind: 'latency',
  metric: 'p50',
  direction: 'up',
  baseline: 100,
  current,
  score: 30,
  field: null,
  value: null,
  since,
});
const ids = () => {
  let n = 0;
  return () => `f${++n}`;
};
const evaluated = (...names: string[]) => new Set(names.map((name) => placeKey({ dataset: 'orders', place: 'entry_point', name })));

describe('mergeFindings', () => {
  test('a change opens one finding; it continues quietly, then recovers after two calm windows', () => {
    const newId = ids();
    const first = mergeFindings([], { window: 600, now: 670, observations: [latency('POST /orders', 600)], evaluated: evaluated('POST /orders') }, newId);
    expect(first.opened.map((f) => f.title)).toEqual(['orders · POST /orders: P50 latency 100 ms → 400 ms (4.0×)']);
    let open: OpenFinding[] = first.open;
    const again = mergeFindings(
      open,
      { window: 660, now: 730, observations: [latency('POST /orders', 660, 420)], evaluated: evaluated('POST /orders') },
      newId,
    );
    expect([again.opened, again.recovered]).toEqual([[], []]);
    expect(again.open[0].finding.changes[0]).toMatchObject({ since: 600, last_seen: 660, current: 420 });
    open = again.open;
    const calm1 = mergeFindings(open, { window: 720, now: 790, observations: [], evaluated: evaluated('POST /orders') }, newId);
    expect(calm1.recovered).toEqual([]);
    const calm2 = mergeFindings(calm1.open, { window: 780, now: 850, observations: [], evaluated: evaluated('POST /orders') }, newId);
    expect(calm2.recovered).toMatchObject([{ id: 'f1', state: 'recovered', recovered_at: 850 }]);
    expect(calm2.open).toEqual([]);
  });

  test('five endpoints of one service changing together are one finding', () => {
    const names = ['GET /a', 'GET /b', 'GET /c', 'GET /d', 'GET /e'];
    const merged = mergeFindings([], { window: 600, now: 670, observations: names.map((n) => latency(n, 600)), evaluated: evaluated(...names) }, ids());
    expect(merged.opened).toHaveLength(1);
    expect(merged.opened[0].where.endpoints).toEqual(names);
    expect(merged.opened[0].title).toMatch(/and 4 more changes$/);
  });

  test('services slowing together are one incident, and a service slowing a minute later joins it; several services slowing then are their own', () => {
    const newId = ids();
    const elsewhere = (dataset: string, since: number): Observation => ({ ...latency('GET /x', since), dataset });
    const first = mergeFindings(
      [],
      { window: 600, now: 670, observations: [elsewhere('catalog', 600), latency('GET /a', 600)], evaluated: evaluated('GET /a') },
      newId,
    );
    expect(first.opened.map((f) => f.where.services)).toEqual([['catalog', 'orders']]);
    const next = mergeFindings(first.open, { window: 660, now: 730, observations: [elsewhere('reviews', 660)], evaluated: evaluated('GET /a') }, newId);
    expect(next.opened).toEqual([]);
    expect(next.open[0].finding.where.services).toEqual(['catalog', 'orders', 'reviews']);
    const together = mergeFindings(
      next.open,
      { window: 720, now: 790, observations: [elsewhere('identity', 720), elsewhere('storefront', 720)], evaluated: evaluated('GET /a') },
      newId,
    );
    expect(together.opened.map((f) => f.where.services)).toEqual([['identity', 'storefront']]);
    const later = mergeFindings(together.open, { window: 900, now: 970, observations: [elsewhere('support', 900)], evaluated: evaluated('GET /a') }, newId);
    expect(later.opened.map((f) => f.where.services)).toEqual([['support']]);
  });

  test('a change long after an open finding began is an incident of its own', () => {
    const newId = ids();
    const first = mergeFindings([], { window: 600, now: 670, observations: [latency('GET /a', 600)], evaluated: evaluated('GET /a') }, newId);
    const later = mergeFindings(
      first.open,
      { window: 1800, now: 1870, observations: [latency('GET /a', 1800), latency('GET /b', 1800)], evaluated: evaluated('GET /a', 'GET /b') },
      newId,
    );
    expect(later.opened.map((f) => f.where.endpoints)).toEqual([['GET /b']]);
  });

  test('a new value is news for ten minutes, then settles', () => {
    const version: Observation = {
      ...latency('x', 600),
      place: 'dataset',
      name: null,
      kind: 'new_value',
      metric: 'new_value',
      direction: 'new',
      baseline: null,
      current: null,
      score: null,
      field: 'service.version',
      value: '2.4.0',
    };
    const opened = mergeFindings([], { window: 600, now: 670, observations: [version], evaluated: new Set() }, ids());
    expect(titleOf(opened.opened[0].changes)).toBe('orders: new service.version "2.4.0"');
    expect(mergeFindings(opened.open, { window: 900, now: 970, observations: [], evaluated: new Set() }, ids()).recovered).toEqual([]);
    expect(mergeFindings(opened.open, { window: 1200, now: 1270, observations: [], evaluated: new Set() }, ids()).recovered).toHaveLength(1);
  });
});
