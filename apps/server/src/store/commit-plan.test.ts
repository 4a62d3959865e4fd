import { describe, expect, it } from 'vitest';
import { TestClock } from '../clock/test-clock.ts';
import type { DatasetBatch, WideEvent } from '../events/wide-event.ts';
import { Catalog, type CatalogNaming } from './catalog.ts';
import { MAX_NEW_COLUMNS_PER_REQUEST, OVERFLOW_FIELD, planCommit, type CommitPlan } from './commit-plan.ts';
import { NewColumnBudget } from './new-column-budget.ts';

const NOW = 1_750_000_000_000;

/** Names numbered in order of creation, as the DuckDB engine gives them. */
function numbered(): CatalogNaming {
  let tables = 0;
  let columns = 0;
  return { table: () => `ds_${++tables}`, column: () => `f${++columns}` };
}
const event = (fields: WideEvent['fields'], timeUs = 1_750_000_000_000_000): WideEvent => ({ timeUs, sampleRate: 1, fields });
const batch = (events: WideEvent[], dataset = 'api', environment = 'prod'): DatasetBatch => ({ environment, dataset, events });

/** Row values by field name, as the plan would write them. */
function rows(plan: CommitPlan, dataset = 'api', environment = 'prod') {
  const write = plan.writes.find((w) => w.dataset.name === dataset && w.environment === environment)!;
  const fields = [...plan.draft.environment(environment).fields.values()];
  return Array.from({ length: write.rowCount }, (_, row) => {
    const values: Record<string, unknown> = {};
    for (const field of fields) {
      const value = write.values.get(field.column)?.[row];
      if (value !== undefined) values[field.name] = value;
    }
    return values;
  });
}

/** The field's type in the dataset. */
const fieldType = (plan: CommitPlan, name: string, dataset = 'api') => {
  const env = plan.draft.environment('prod');
  const column = env.fields.get(name)?.column;
  return column === undefined ? undefined : env.datasets.get(dataset)?.columns.get(column)?.type;
};

describe('planCommit', () => {
  it("types a field per dataset: one dataset's text code leaves another's integer code a number, in one column name", () => {
    const plan = planCommit(
      new Catalog(),
      [batch([event({ code: 'E42' })], 'api'), batch([event({ code: 200 }), event({ code: 2.5 })], 'web')],
      100,
      NOW,
      numbered(),
    );
    expect(fieldType(plan, 'code', 'api')).toBe('string');
    expect(fieldType(plan, 'code', 'web')).toBe('float');
    expect(rows(plan, 'web')).toEqual([{ code: 200 }, { code: 2.5 }]);
    expect(plan.draft.environment('prod').fields.size).toBe(1);
  });

  it('gives each new field a column and its type from the first value', () => {
    const plan = planCommit(new Catalog(), [batch([event({ route: '/a', status: 200, ok: true, ms: 1.5 })])], 100, NOW, numbered());
    expect(rows(plan)).toEqual([{ route: '/a', status: 200, ok: true, ms: 1.5 }]);
    expect(fieldType(plan, 'status')).toBe('integer');
    expect(fieldType(plan, 'ms')).toBe('float');
    expect(plan.writes[0].dataset.table).toBe('ds_1');
  });

  it('widens an integer field that meets a float, within the same commit', () => {
    const plan = planCommit(new Catalog(), [batch([event({ ms: 3 }), event({ ms: 3.5 })])], 100, NOW, numbered());
    expect(fieldType(plan, 'ms')).toBe('float');
    expect(rows(plan)).toEqual([{ ms: 3 }, { ms: 3.5 }]);
  });

  it('stores integers into a float field as they are', () => {
    const plan = planCommit(new Catalog(), [batch([event({ ms: 1.5 }), event({ ms: 2 }), event({ ms: 3 }), event({ ms: '4' })])], 100, NOW, numbered());
    expect(fieldType(plan, 'ms')).toBe('float');
    expect(rows(plan)).toEqual([{ ms: 1.5 }, { ms: 2 }, { ms: 3 }, { ms: 4 }]);
  });

  it('keeps values that do not convert in a companion field', () => {
    const plan = planCommit(
      new Catalog(),
      [batch([event({ code: 200 }), event({ code: 'n/a' }), event({ code: '404' }), event({ code: true })])],
      100,
      NOW,
      numbered(),
    );
    expect(rows(plan)).toEqual([{ code: 200 }, { 'code::string': 'n/a' }, { code: 404 }, { 'code::boolean': true }]);
  });

  it('moves fields past the column limit into the overflow field and warns', () => {
    const plan = planCommit(new Catalog(), [batch([event({ a: 1, b: 2, c: 3, d: 'x' })])], 3, NOW, numbered());
    expect(rows(plan)).toEqual([{ a: 1, b: 2, [OVERFLOW_FIELD]: JSON.stringify({ c: 3, d: 'x' }) }]);
    expect(plan.warnings[0]).toHaveLength(1);
    expect(plan.warnings[0][0]).toContain('limit of 3 columns');
    expect(plan.warnings[0][0]).toContain('"c", "d"');
  });

  it('gives core fields a column even in a dataset at its limit', () => {
    const naming = numbered();
    const full = planCommit(new Catalog(), [batch([event({ a: 1, b: 2, c: 3 })])], 3, NOW, naming);
    const catalog = new Catalog();
    full.draft.adoptInto(catalog);
    const span = {
      'trace.trace_id': 't1',
      'trace.span_id': 's2',
      'trace.parent_id': 's1',
      name: 'GET /',
      'service.name': 'api',
      duration_ms: 5,
      'http.route': '/',
      x: 1,
    };
    const plan = planCommit(catalog, [batch([event(span)])], 3, NOW, naming);
    const { x, ...core } = span;
    expect(rows(plan)).toEqual([{ ...core, [OVERFLOW_FIELD]: JSON.stringify({ x }) }]);
    expect(plan.warnings[0]).toEqual([expect.stringContaining('limit of 3 columns: 1 field ("x")')]);
  });

  it('lets one request add only so many new columns, and says how many fields it moved', () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_NEW_COLUMNS_PER_REQUEST + 10 }, (_, i) => [`f${i}`, i]));
    const naming = numbered();
    const plan = planCommit(new Catalog(), [batch([event({ ...wide, 'trace.trace_id': 't1' })])], 1000, NOW, naming);
    const [row] = rows(plan);
    expect(Object.keys(row)).toHaveLength(MAX_NEW_COLUMNS_PER_REQUEST + 2);
    expect(row['trace.trace_id']).toBe('t1');
    expect(Object.keys(JSON.parse(row[OVERFLOW_FIELD] as string))).toHaveLength(10);
    expect(plan.warnings[0]).toEqual([
      expect.stringMatching(/^a request may add at most 250 new columns to dataset "api": 10 fields \("f250", .* and 5 more\)/),
    ]);
    // The next request adds its own share.
    const catalog = new Catalog();
    plan.draft.adoptInto(catalog);
    const next = planCommit(catalog, [batch([event(wide)])], 1000, NOW, naming);
    expect(Object.keys(rows(next)[0])).toHaveLength(MAX_NEW_COLUMNS_PER_REQUEST + 10);
    expect(next.warnings[0]).toEqual([]);
  });

  it("lets a key add only its day's budget of new columns to a dataset, over requests and commits", async () => {
    const clock = new TestClock(NOW);
    const budget = new NewColumnBudget(5, clock);
    const naming = numbered();
    const catalog = new Catalog();
    const fromKey = (sender: string, names: string[]): DatasetBatch => ({ ...batch([event(Object.fromEntries(names.map((n) => [n, 1])))]), sender });
    // Two batches of one key in one commit share its budget; reserved fields are free.
    const plan = planCommit(catalog, [fromKey('k1', ['a', 'b', 'c']), fromKey('k1', ['d', 'e', 'f', 'g', 'http.route'])], 1000, NOW, naming, budget);
    plan.draft.adoptInto(catalog);
    expect(rows(plan)).toEqual([
      { a: 1, b: 1, c: 1 },
      { d: 1, e: 1, 'http.route': 1, [OVERFLOW_FIELD]: '{"f":1,"g":1}' },
    ]);
    expect(plan.warnings[1]).toEqual([
      `an API key may add at most 5 new columns a day to dataset "api" (--new-columns-per-key-per-day), and this key has used them: 2 fields ("f", "g") were stored as JSON in the field "${OVERFLOW_FIELD}"`,
    ]);
    // Columns that exist cost nothing; another key has its own budget; the budget refills over the day.
    const next = planCommit(catalog, [fromKey('k1', ['a', 'h']), fromKey('k2', ['i'])], 1000, NOW, naming, budget);
    expect(next.warnings).toEqual([[expect.stringContaining('1 field ("h")')], []]);
    await clock.advance(86_400_000 / 5);
    expect(budget.remaining('k1', 'prod', 'api')).toBe(1);
  });

  it('keeps non-finite numbers out of number columns, as their text beside the field', () => {
    const plan = planCommit(
      new Catalog(),
      [batch([event({ ms: 1.5 }), event({ ms: Infinity }), event({ ms: -Infinity }), event({ ms: Number.NaN }), event({ ms: 1.7e308 })])],
      100,
      NOW,
      numbered(),
    );
    expect(rows(plan)).toEqual([{ ms: 1.5 }, { 'ms::string': 'Infinity' }, { 'ms::string': '-Infinity' }, { 'ms::string': 'NaN' }, { ms: 1.7e308 }]);
    expect(fieldType(plan, 'ms')).toBe('float');
  });

  it('gives a field the same column in every dataset of the environment', () => {
    const plan = planCommit(new Catalog(), [batch([event({ 'user.id': 'u1' })], 'api'), batch([event({ 'user.id': 'u2' })], 'web')], 100, NOW, numbered());
    const [api, web] = plan.writes;
    expect([...api.dataset.columns.keys()]).toEqual([...web.dataset.columns.keys()]);
    expect(api.dataset.table).not.toBe(web.dataset.table);
  });

  it('indexes each trace once per table with its time range', () => {
    const plan = planCommit(
      new Catalog(),
      [batch([event({ 'trace.trace_id': 't1' }, 30), event({ 'trace.trace_id': 't1' }, 10), event({ 'trace.trace_id': 't2' }, 20)])],
      100,
      NOW,
      numbered(),
    );
    expect(plan.traces).toEqual([
      { environment: 'prod', traceId: 't1', table: 'ds_1', minTimeUs: 10, maxTimeUs: 30 },
      { environment: 'prod', traceId: 't2', table: 'ds_1', minTimeUs: 20, maxTimeUs: 20 },
    ]);
  });

  it('leaves the committed catalog alone until the draft is adopted', () => {
    const catalog = new Catalog();
    const plan = planCommit(catalog, [batch([event({ a: 1 })])], 100, NOW, numbered());
    expect(catalog.target('prod', '__all__')).toBeNull();
    plan.draft.adoptInto(catalog);
    expect(catalog.target('prod', '__all__')?.fields.get('a')).toEqual({ name: 'a', type: 'integer', column: 'f1' });
  });
});
