import { describe, expect, it } from 'vitest';
import type { QueryState } from './url-state.ts';
import { MAX_RECENT_QUERIES, describeQuery, loadRecentQueries, rememberQuery } from './recent-queries.ts';

/** The Web Storage interface over a Map: what localStorage is in a browser. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('recent queries', () => {
  it('keeps the newest first, once each, up to the limit', () => {
    const storage = memoryStorage();
    const state = (n: number): QueryState => ({ dataset: 'web', query: { calculations: [{ op: 'COUNT' }], limit: n }, columns: [] });
    rememberQuery(storage, state(1), 1);
    rememberQuery(storage, state(2), 2);
    rememberQuery(storage, state(1), 3);
    expect(loadRecentQueries(storage).map((q) => [q.state.query.limit, q.ranAt])).toEqual([
      [1, 3],
      [2, 2],
    ]);
    for (let i = 0; i < 40; i++) rememberQuery(storage, state(100 + i), 10 + i);
    expect(loadRecentQueries(storage)).toHaveLength(MAX_RECENT_QUERIES);
  });

  it('reads a damaged store as empty', () => {
    const storage = memoryStorage();
    storage.setItem('flashlight.recentQueries', '{oops');
    expect(loadRecentQueries(storage)).toEqual([]);
    storage.setItem('flashlight.recentQueries', '[1, null, {"search": "?q"}]');
    expect(loadRecentQueries(storage)).toEqual([]);
  });
});

describe('describeQuery', () => {
  it('reads like the query', () => {
    expect(
      describeQuery({
        dataset: '__all__',
        query: {
          calculations: [{ op: 'P99', column: 'duration_ms' }],
          filters: [
            { column: 'error', op: '=', value: true },
            { column: 'x', op: 'exists' },
          ],
          filter_combination: 'OR',
          breakdowns: ['service.name'],
        },
        columns: [],
      }),
    ).toBe('all datasets: P99(duration_ms) where error = true or x exists by service.name');
  });
});
