// Numeric fuzz: columns full of extreme numbers (±1.7e308, ±Infinity, NaN, −0, 2^63,
// subnormals, ±(2^53 − 1)) sent as plain events and as spans, beside columns of every
// type and a dataset without them; then random queries over every aggregate, on one
// dataset and on `__all__`. Every answer is a 200, and counts, minima, maxima, distinct
// counts, percentiles and heatmaps match a reference computed here from what was sent
// (non-finite numbers are kept as text beside their field, so no aggregate sees them).
// On DuckDB and on a two-shard ClickHouse cluster; `npm run fuzz` runs many more queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempServerOn, type TempServer } from '../testing/temp-server.ts';
import { pick, randomInt, seededRandom, type Random } from './seeded-random.ts';
import { seedFor, soakOr } from './soak.ts';

const QUERIES = soakOr(40, 2_000);
const EXTREMES = [
  1.7e308,
  -1.7e308,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Infinity,
  -Infinity,
  Number.NaN,
  -0,
  2 ** 63,
  -(2 ** 63),
  5e-324,
  -5e-324,
  2.2250738585072014e-308,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
];
const ORDINARY = [0, 1, 2.5, 42, 1e-3, 1e6, -7];
const GROUPS = ['a', 'b', 'c'];
const PERCENTILES = { P50: 0.5, P99: 0.99 } as const;

interface SentEvent {
  timeMs: number;
  sampleRate: number;
  dataset: string;
  fields: Record<string, number | string | boolean>;
}

type Calculation = { op: string; column?: string };

/** JSON with ±Infinity as 1e999 / -1e999, as a careless client sends them; NaN has no JSON form and is left out. */
function hostileJson(value: unknown): string {
  const marked = JSON.stringify(value, (_, v) =>
    v === Infinity ? '@@inf' : v === -Infinity ? '@@-inf' : Number.isNaN(v) ? undefined : Object.is(v, -0) ? '@@-0' : v,
  );
  return marked.replaceAll('"@@inf"', '1e999').replaceAll('"@@-inf"', '-1e999').replaceAll('"@@-0"', '-0');
}

/** OTLP/JSON double: non-finite values as the proto3 JSON mapping spells them. */
function otlpDouble(value: number): number | string {
  return Number.isNaN(value) ? 'NaN' : value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : value;
}

function generate(random: Random, nowMs: number): SentEvent[] {
  const number = () => (random() < 0.4 ? pick(random, EXTREMES) : pick(random, ORDINARY));
  const events: SentEvent[] = [];
  for (let i = 0; i < 120; i++) {
    const span = i % 3 === 0;
    const fields: SentEvent['fields'] = { g: pick(random, GROUPS), s: `s${randomInt(random, 0, 5)}`, b: random() < 0.5, n: randomInt(random, -1000, 1000) };
    if (random() < 0.9) fields.x = number();
    if (span) fields.duration_ms = random() < 0.2 ? 0 : randomInt(random, 1, 5000) / 10;
    events.push({
      timeMs: nowMs - randomInt(random, 60_000, 3_000_000),
      sampleRate: random() < 0.3 ? randomInt(random, 2, 10) : 1,
      dataset: 'numbers',
      fields,
    });
  }
  // A dataset of plain events without the numeric columns, for __all__.
  for (let i = 0; i < 20; i++) {
    events.push({
      timeMs: nowMs - randomInt(random, 60_000, 3_000_000),
      sampleRate: 1,
      dataset: 'other',
      fields: { g: pick(random, GROUPS), s: 'other', b: true },
    });
  }
  return events;
}

async function send(server: TempServer, events: SentEvent[]) {
  const plain = events.filter((e) => !('duration_ms' in e.fields));
  for (const dataset of ['numbers', 'other']) {
    const items = plain.filter((e) => e.dataset === dataset).map((e) => ({ time: new Date(e.timeMs).toISOString(), samplerate: e.sampleRate, data: e.fields }));
    const response = await fetch(`${server.url}/1/batch/${dataset}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: hostileJson(items),
    });
    const statuses = (await response.json()) as Array<{ status: number }>;
    expect(response.status).toBe(200);
    expect(
      statuses.every((s) => s.status === 202),
      JSON.stringify(statuses),
    ).toBe(true);
  }
  const spans = events
    .filter((e) => 'duration_ms' in e.fields)
    .map((e, i) => {
      const startNs = BigInt(e.timeMs) * 1_000_000n;
      const { duration_ms, ...attributes } = e.fields;
      return {
        traceId: (i + 1).toString(16).padStart(32, '0'),
        spanId: (i + 1).toString(16).padStart(16, '0'),
        name: 'work',
        kind: 2,
        startTimeUnixNano: String(startNs),
        endTimeUnixNano: String(startNs + BigInt(Math.round((duration_ms as number) * 1e6))),
        attributes: [
          ...Object.entries(attributes).map(([key, value]) => ({
            key,
            value:
              typeof value === 'string'
                ? { stringValue: value }
                : typeof value === 'boolean'
                  ? { boolValue: value }
                  : key === 'n'
                    ? { intValue: String(value) }
                    : { doubleValue: otlpDouble(value) },
          })),
          { key: 'SampleRate', value: { intValue: String(e.sampleRate) } },
        ],
      };
    });
  const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'numbers' } }] }, scopeSpans: [{ spans }] }] };
  const response = await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(await response.json()).toEqual({});
}

/** How an engine stores a finite number: ClickHouse 18.16 parses ±5e-324, the smallest subnormal, as 0. */
type AsStored = (value: number) => number;
const STORED_AS_SENT: AsStored = (value) => value;
const STORED_BY_CLICKHOUSE: AsStored = (value) => (Math.abs(value) === Number.MIN_VALUE ? 0 : value);

/** The values an aggregate of the column sees: the finite numbers sent (the rest is text beside the field). */
function measured(events: SentEvent[], column: string, asStored: AsStored): { value: number; weight: number }[] {
  return events.flatMap((e) => {
    const value = e.fields[column];
    return typeof value === 'number' && Number.isFinite(value) ? [{ value: asStored(value), weight: e.sampleRate }] : [];
  });
}

function weightedPercentile(values: { value: number; weight: number }[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, v) => sum + v.weight, 0);
  let running = 0;
  for (const { value, weight } of sorted) {
    running += weight;
    if (running >= fraction * total) return value;
  }
  return sorted[sorted.length - 1].value;
}

/** Checks one group's answer against the events of that group. */
function expectAnswer(calculation: Calculation, answer: unknown, events: SentEvent[], asStored: AsStored, where: string) {
  const { op, column } = calculation;
  const values = column ? measured(events, column, asStored) : [];
  const name = column ? `${op}(${column})` : op;
  const got = answer as number | null;
  switch (op) {
    case 'COUNT':
      expect(got, where).toBe(events.reduce((sum, e) => sum + e.sampleRate, 0));
      return;
    case 'MIN':
    case 'MAX':
      expect(got, `${where} ${name}`).toBe(values.length === 0 ? null : Math[op === 'MIN' ? 'min' : 'max'](...values.map((v) => v.value)) || 0);
      return;
    case 'COUNT_DISTINCT':
      expect(got, `${where} ${name}`).toBe(new Set(values.map((v) => v.value || 0)).size);
      return;
    case 'P50':
    case 'P99': {
      const expected = weightedPercentile(values, PERCENTILES[op]);
      expect(got === null ? null : got || 0, `${where} ${name}`).toBe(expected === null ? null : expected || 0);
      return;
    }
    case 'HEATMAP': {
      const heatmap = answer as { bounds: number[]; counts: number[] };
      const total = values.reduce((sum, v) => sum + v.weight, 0);
      expect(
        heatmap.counts.reduce((sum, c) => sum + c, 0),
        `${where} ${name} counts`,
      ).toBe(total);
      expect(heatmap.bounds.every(Number.isFinite), `${where} ${name} bounds ${JSON.stringify(heatmap.bounds)}`).toBe(true);
      return;
    }
    case 'SUM':
    case 'AVG': {
      // Finite, or null where the exact answer lies beyond the double range.
      expect(got === null || Number.isFinite(got), `${where} ${name}`).toBe(true);
      const tame = values.every((v) => Math.abs(v.value) < 1e300);
      if (tame && values.length > 0) {
        const sum = values.reduce((s, v) => s + v.value * v.weight, 0);
        const expected = op === 'SUM' ? sum : sum / values.reduce((s, v) => s + v.weight, 0);
        expect(Math.abs((got as number) - expected), `${where} ${name}: ${got} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
      }
      return;
    }
    default:
      // RATE_* and CONCURRENCY: a finite number or null.
      expect(got === null || Number.isFinite(got), `${where} ${name}: ${got}`).toBe(true);
  }
}

const CALCULATIONS: Calculation[] = [
  { op: 'COUNT' },
  { op: 'CONCURRENCY' },
  ...['SUM', 'AVG', 'MIN', 'MAX', 'COUNT_DISTINCT', 'P50', 'P99', 'HEATMAP', 'RATE_SUM', 'RATE_AVG', 'RATE_MAX'].flatMap((op) =>
    ['x', 'n', 'duration_ms'].map((column) => ({ op, column })),
  ),
];
const BREAKDOWNS = [[], ['g'], ['b'], ['s'], ['g', 'b']];
const FILTERS: Array<{ filter: Record<string, unknown>[]; keep: (e: SentEvent) => boolean }> = [
  { filter: [], keep: () => true },
  { filter: [{ column: 'g', op: '=', value: 'a' }], keep: (e) => e.fields.g === 'a' },
  { filter: [{ column: 'x', op: 'exists' }], keep: (e) => typeof e.fields.x === 'number' && Number.isFinite(e.fields.x) },
  { filter: [{ column: 'b', op: '=', value: true }], keep: (e) => e.fields.b === true },
];

describe.each([
  ['DuckDB', 'duckdb', 1, STORED_AS_SENT],
  ['a two-shard ClickHouse cluster', 'clickhouse', 2, STORED_BY_CLICKHOUSE],
] as const)('extreme numbers on %s', (_, engine, shards, asStored) => {
  let server: TempServer;
  let events: SentEvent[];
  let random: Random;

  beforeAll(async () => {
    random = seededRandom(seedFor(`numeric fuzz on ${engine}`, 25));
    server = await startTempServerOn(engine, {}, { shards });
    events = generate(random, Date.now());
    await send(server, events);
  });
  afterAll(async () => server?.dispose());

  it('keeps non-finite numbers as text beside their field', async () => {
    const response = await fetch(`${server.url}/api/v1/datasets/numbers/columns`);
    const columns = ((await response.json()) as Array<{ name: string; type: string }>).map((c) => `${c.name}:${c.type}`);
    expect(columns).toEqual(expect.arrayContaining(['x:float', 'x::string:string', 'n:integer', 'duration_ms:float']));
  });

  it(`answers ${QUERIES} random queries over every aggregate as the reference does`, async () => {
    for (let q = 0; q < QUERIES; q++) {
      const dataset = random() < 0.3 ? '__all__' : 'numbers';
      const calculations = [...new Set(Array.from({ length: randomInt(random, 1, 4) }, () => pick(random, CALCULATIONS)))];
      const breakdowns = pick(random, BREAKDOWNS);
      const { filter, keep } = pick(random, FILTERS);
      const spec = { calculations, breakdowns, filters: filter, time_range: 7200, limit: 1000 };
      const response = await fetch(`${server.url}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dataset, query: spec }),
      });
      const text = await response.text();
      const where = `${dataset} ${JSON.stringify(spec)}`;
      expect(response.status, `${where}: ${text.slice(0, 500)}`).toBe(200);
      const results = (JSON.parse(text) as { data: { results: Array<{ data: Record<string, unknown> }> } }).data.results;
      const chosen = events.filter((e) => (dataset === '__all__' || e.dataset === dataset) && keep(e));
      const groupKey = (e: SentEvent) => JSON.stringify(breakdowns.map((b) => e.fields[b] ?? null));
      const expectedGroups = new Map<string, SentEvent[]>();
      for (const e of chosen) expectedGroups.set(groupKey(e), [...(expectedGroups.get(groupKey(e)) ?? []), e]);
      expect(results.length, `${where}: groups`).toBe(expectedGroups.size);
      for (const { data } of results) {
        const key = JSON.stringify(breakdowns.map((b) => data[b] ?? null));
        const group = expectedGroups.get(key);
        expect(group, `${where}: group ${key}`).toBeDefined();
        calculations.forEach((c) => expectAnswer(c, data[c.column ? `${c.op}(${c.column})` : c.op], group!, asStored, `${where} group ${key}`));
      }
    }
  });
});
