// The random-expression oracle: seeded, well-typed derived-column expressions over events
// with every column type, missing values, hostile strings and extreme numbers, evaluated
// in JavaScript as docs/derived-columns.md says (test-fixtures/reference-expression.ts)
// and asked of each engine through the query API, many expressions per query. Both must
// give the reference's answer on every event. FLASHLIGHT_SOAK=1 asks many more.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkExpression, type FieldInfo, type FieldType } from '@flashlight/query';
import { ENGINES, startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { seededRandom } from '../hardening/seeded-random.ts';
import { HOSTILE_COLUMN, randomExpression } from './test-fixtures/random-expression.ts';
import { evaluateExpression, type Value } from './test-fixtures/reference-expression.ts';

const SOAK = process.env.FLASHLIGHT_SOAK === '1';
const EXPRESSIONS = SOAK ? 5000 : 200;
/** Expressions per query: each is a breakdown, and a query takes up to 100. */
const PER_QUERY = 50;
const SEED = Number(process.env.FLASHLIGHT_SEED ?? 21);
const BASE = Math.floor(Date.now() / 1000) - 600;

const TYPES: Record<string, FieldType> = { s: 'string', p: 'string', t: 'string', [HOSTILE_COLUMN]: 'string', n: 'integer', f: 'float', b: 'boolean' };
const rows: Record<string, Value>[] = [
  { s: 'Hello World', p: '/users/123/orders/9', t: '2017-07-20T11:22:44.888Z', n: 10, f: 2.5, b: true, [HOSTILE_COLUMN]: 'x' },
  { s: 'abc', p: '/a', t: '2017-07-20T13:22:44+02:00', n: -7, f: -0.5, b: false },
  {},
  { s: 'ÉCOLE', p: '/users/', t: 'not a time', n: 0, f: 1000.25, b: false, [HOSTILE_COLUMN]: "'; DROP TABLE x; --" },
  { s: '42', n: 30_000_000, f: 1e50, b: true },
  { s: '-1.5e3', p: '"quoted" \\ back', n: -30_000_000, f: -1e-50 },
  { s: 'true', t: '1969-12-31T23:59:59Z', f: 0.1 },
  { s: '', p: '🙂 ünïcödé', n: 1, b: false },
  { s: ' 42', p: 'NaN', f: 123456.789, [HOSTILE_COLUMN]: '%s%n\u0007' },
  { s: 'Infinity', n: 1_000_000, f: -1e15 },
];
const fields = new Map(Object.entries(TYPES).map(([name, type], i): [string, FieldInfo] => [name, { name, type, column: `f${i}` }]));

const random = seededRandom(SEED);
const expressions = Array.from({ length: EXPRESSIONS }, () => randomExpression(random));
const expected = expressions.map((text) => {
  const tree = checkExpression(text, { fields });
  return rows.map((row, i) => evaluateExpression(tree, { fields: row, timeSeconds: BASE + i }));
});

/** Numbers within rounding; anything else exactly. */
function same(actual: unknown, reference: Value): boolean {
  if (typeof reference === 'number' && typeof actual === 'number') {
    return Math.abs(actual - reference) <= 1e-9 * Math.max(1, Math.abs(actual), Math.abs(reference));
  }
  return actual === reference;
}

describe.each(ENGINES)(`random derived expressions on %s (seed ${SEED})`, (engine) => {
  let server: TempServer;
  beforeAll(async () => {
    server = await startTempServerOn(engine, {}, { shards: engine === 'clickhouse' ? 2 : undefined });
    const batch = rows.map((data, row) => ({ data: { row, ...data }, time: new Date((BASE + row) * 1000).toISOString() }));
    expect((await fetch(`${server.url}/1/batch/oracle`, { method: 'POST', body: JSON.stringify(batch) })).status).toBe(200);
  });
  afterAll(async () => server?.dispose());

  /** Each row's answers to `batch`, named d0, d1, ...; or the server's error. */
  const ask = async (batch: readonly string[]) => {
    const names = batch.map((_, i) => `d${i}`);
    const response = await fetch(`${server.url}/api/v1/query`, {
      method: 'POST',
      body: JSON.stringify({
        dataset: 'oracle',
        query: {
          calculated_fields: batch.map((expression, i) => ({ name: names[i], expression })),
          calculations: [{ op: 'COUNT' }],
          breakdowns: ['row', ...names],
          orders: [{ column: 'row', order: 'ascending' }],
          start_time: BASE - 60,
          end_time: BASE + 60,
        },
      }),
    });
    const body = (await response.json()) as { error?: string; data: { results: { data: Record<string, unknown> }[] } };
    return response.status === 200 ? { rows: body.data.results.map((r) => r.data) } : { error: body.error };
  };

  test(`${EXPRESSIONS} expressions give the reference's answer on every event`, async () => {
    const wrong: string[] = [];
    const refused: string[] = [];
    for (let from = 0; from < expressions.length; from += PER_QUERY) {
      const batch = expressions.slice(from, from + PER_QUERY);
      const answer = await ask(batch);
      if (!answer.rows) {
        // Named one by one, so the report says which expression the engine refused.
        for (const expression of batch) if (!(await ask([expression])).rows) refused.push(expression);
        continue;
      }
      for (const data of answer.rows) {
        const row = Number(data.row);
        batch.forEach((expression, i) => {
          const reference = expected[from + i][row];
          if (!same(data[`d${i}`], reference))
            wrong.push(`${expression} on row ${row}: ${JSON.stringify(data[`d${i}`])}, expected ${JSON.stringify(reference)}`);
        });
      }
    }
    expect(wrong).toEqual([]);
    // The cluster's ClickHouse fails a few expressions over Nullable constants (docs/derived-columns.md); DuckDB none.
    if (engine === 'duckdb') expect(refused).toEqual([]);
    else expect(refused.length, refused.join('\n')).toBeLessThanOrEqual(Math.ceil(EXPRESSIONS * 0.02));
  });
});
