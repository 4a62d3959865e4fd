// SQL injection: field names and values from a corpus of injection strings travel
// through ingest, query filters, breakdowns and BubbleUp selections. Every answer is
// exactly what the data says, and nothing outside the queried dataset changes: another
// dataset, the catalog, the API keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStore } from '../doctor/check-store.ts';
import { startServerWithKeys, type IssuedKey } from './server-with-keys.ts';
import type { TempServer } from '../testing/temp-server.ts';
import { HOSTILE_NAMES } from './hostile-names.ts';

/** Values: the same corpus, plus the wildcards of LIKE and regular expressions. */
const HOSTILE_VALUES = [...HOSTILE_NAMES.filter((v) => v.trim() !== ''), '50%_off', '%', '_', '.*', '[a-z]+', '\\%', "''", 'NULL', 'null'];
/** Names a filter or breakdown can address here; `__proto__` is stored (see the fuzz test) but result rows are plain objects. */
const NAMES = HOSTILE_NAMES.filter((n) => n !== '__proto__');

let server: TempServer;
let keys: IssuedKey[];
const auth = (kind: string) => ({ 'content-type': 'application/json', 'x-honeycomb-team': keys.find((k) => k.kind === kind)!.text });

/** Event i holds value i mod |values| in every hostile field, so each value's count is known. */
const EVENTS = HOSTILE_VALUES.length * 3;
const valueOf = (i: number, name: number) => HOSTILE_VALUES[(i + name) % HOSTILE_VALUES.length];

beforeAll(async () => {
  ({ server, keys } = await startServerWithKeys([
    { name: 'writer', kind: 'ingest', environment: 'prod' },
    { name: 'reader', kind: 'query', environment: 'prod' },
    { name: 'ops', kind: 'admin', environment: 'prod' },
  ]));
  // Ten minutes ago: well inside the queried range, however its end is rounded.
  const time = new Date(Date.now() - 600_000).toISOString();
  const batch = Array.from({ length: EVENTS }, (_, i) => ({
    time,
    data: Object.fromEntries([['n', i], ...NAMES.map((name, k) => [name, valueOf(i, k)])]),
  }));
  const response = await fetch(`${server.url}/1/batch/injection`, { method: 'POST', headers: auth('ingest'), body: JSON.stringify(batch) });
  expect(response.status).toBe(200);
  const canary = await fetch(`${server.url}/1/batch/canary`, {
    method: 'POST',
    headers: auth('ingest'),
    body: JSON.stringify([
      { time, data: { alive: true } },
      { time, data: { alive: true } },
    ]),
  });
  expect(canary.status).toBe(200);
});
afterAll(async () => server.dispose());

async function query(dataset: string, spec: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/v1/query`, {
    method: 'POST',
    headers: auth('query'),
    body: JSON.stringify({ dataset, query: { time_range: 86400, ...spec } }),
  });
  const body = (await response.json()) as { data: { results: Array<{ data: Record<string, unknown> }> }; error?: string };
  expect(response.status, body.error).toBe(200);
  return body.data.results.map((r) => r.data);
}

describe('SQL injection', () => {
  it('stores every hostile name as a column of its own', async () => {
    const response = await fetch(`${server.url}/api/v1/datasets/injection/columns`, { headers: auth('query') });
    const names = ((await response.json()) as Array<{ name: string }>).map((c) => c.name);
    expect(names.sort()).toEqual(['n', ...NAMES].sort());
  });

  it('filters on hostile names and values with exact counts', async () => {
    let checked = 0;
    for (const [k, name] of NAMES.entries()) {
      const value = valueOf(0, k);
      const expected = Array.from({ length: EVENTS }, (_, i) => valueOf(i, k)).filter((v) => v === value).length;
      const [equal] = await query('injection', { calculations: [{ op: 'COUNT' }], filters: [{ column: name, op: '=', value }] });
      expect(equal.COUNT, `${JSON.stringify(name)} = ${JSON.stringify(value)}`).toBe(expected);
      const [contains] = await query('injection', { calculations: [{ op: 'COUNT' }], filters: [{ column: name, op: 'contains', value }] });
      const containing = Array.from({ length: EVENTS }, (_, i) => valueOf(i, k)).filter((v) => v.includes(value)).length;
      expect(contains.COUNT, `${JSON.stringify(name)} contains ${JSON.stringify(value)}`).toBe(containing);
      const [within] = await query('injection', { calculations: [{ op: 'COUNT' }], filters: [{ column: name, op: 'in', value: [value, "x' OR '1'='1"] }] });
      expect(within.COUNT).toBe(expected);
      checked += 3;
    }
    console.log(`SQL injection: ${checked} filters over ${NAMES.length} hostile field names and ${HOSTILE_VALUES.length} hostile values answered exactly`);
  });

  it('breaks down by hostile names into exactly the groups the data holds', async () => {
    for (const [k, name] of NAMES.entries()) {
      const rows = await query('injection', { calculations: [{ op: 'COUNT' }], breakdowns: [name], limit: 1000 });
      const got = rows.map((row) => [row[name], row.COUNT]);
      // A Map, since values such as "constructor" are no keys for a plain object.
      const expected = new Map<string, number>();
      for (let i = 0; i < EVENTS; i++) expected.set(valueOf(i, k), (expected.get(valueOf(i, k)) ?? 0) + 1);
      const byValue = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
      expect(got.sort(byValue), `breakdown by ${JSON.stringify(name)}`).toEqual([...expected].sort(byValue));
    }
  });

  it('compares hostile selections in BubbleUp with exact counts and the columns as named', async () => {
    for (const [k, name] of NAMES.entries()) {
      const value = valueOf(0, k);
      const expected = Array.from({ length: EVENTS }, (_, i) => valueOf(i, k)).filter((v) => v === value).length;
      const response = await fetch(`${server.url}/api/v1/bubbleup`, {
        method: 'POST',
        headers: auth('query'),
        body: JSON.stringify({
          dataset: 'injection',
          query: { calculations: [{ op: 'COUNT' }], time_range: 86400 },
          selection: { filters: [{ column: name, op: '=', value }] },
        }),
      });
      const result = (await response.json()) as { selected: number; baseline: number; columns: Array<{ field: string }>; error?: string };
      expect(response.status, result.error).toBe(200);
      expect(result.selected, `selection ${JSON.stringify(name)} = ${JSON.stringify(value)}`).toBe(expected);
      expect(result.selected + result.baseline).toBe(EVENTS);
      expect(result.columns.map((c) => c.field).filter((f) => f !== 'n' && !NAMES.includes(f))).toEqual([]);
    }
  });

  it('leaves everything else untouched', async () => {
    const [canary] = await query('canary', { calculations: [{ op: 'COUNT' }] });
    expect(canary.COUNT).toBe(2);
    const datasets = ((await (await fetch(`${server.url}/api/v1/datasets`, { headers: auth('query') })).json()) as Array<{ name: string }>).map((d) => d.name);
    expect(datasets.sort()).toEqual(['canary', 'injection']);
    const listed = (await (await fetch(`${server.url}/api/v1/keys`, { headers: auth('admin') })).json()) as Array<{ revokedAt: unknown }>;
    expect(listed.filter((k) => !k.revokedAt)).toHaveLength(3);
    // Closing twice is harmless, so afterAll's dispose still removes the directory.
    await server.close();
    expect((await checkStore(server.dataDir)).filter((f) => !f.ok)).toEqual([]);
  });
});
