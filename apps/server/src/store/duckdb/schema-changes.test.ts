import { describe, expect, it } from 'vitest';
import type { WideEvent } from '../../events/wide-event.ts';
import { Catalog } from '../catalog.ts';
import { planCommit } from '../commit-plan.ts';
import { DuckDbNaming } from './names.ts';
import { schemaStatements } from './schema-changes.ts';

const ev = (fields: WideEvent['fields']): WideEvent => ({ timeUs: 1, sampleRate: 1, fields });

/** Plans and adopts one commit, returning its statements with the parameters inline for reading. */
function commit(catalog: Catalog, naming: DuckDbNaming, dataset: string, events: WideEvent[], now: number) {
  const plan = planCommit(catalog, [{ environment: 'prod', dataset, events }], 100, now, naming);
  const statements = schemaStatements(plan).map((s) => [s.sql.replace(/\s+/g, ' '), ...s.params.map(String)]);
  plan.draft.adoptInto(catalog);
  return statements;
}

describe('schemaStatements', () => {
  it('creates the table, its columns and their catalog rows, with names only as parameters', () => {
    const catalog = new Catalog();
    expect(commit(catalog, new DuckDbNaming(catalog), 'a"; DROP TABLE x; --', [ev({ 'User.Id': 'u', n: 1 })], 1000)).toEqual([
      ['CREATE TABLE ds_1 (ts TIMESTAMP NOT NULL, sample_rate DOUBLE NOT NULL)'],
      ['ALTER TABLE ds_1 ADD COLUMN f1 VARCHAR'],
      ['ALTER TABLE ds_1 ADD COLUMN f2 BIGINT'],
      ['INSERT INTO fl_fields VALUES ($1, $2, $3)', 'prod', 'User.Id', 'f1'],
      ['INSERT INTO fl_fields VALUES ($1, $2, $3)', 'prod', 'n', 'f2'],
      ['INSERT INTO fl_datasets VALUES ($1, $2, $3, make_timestamp($4::BIGINT), NULL)', 'prod', 'a"; DROP TABLE x; --', 'ds_1', '1000000'],
      ['INSERT INTO fl_dataset_fields VALUES ($1, $2, make_timestamp($3::BIGINT), make_timestamp($3::BIGINT))', 'ds_1', 'f1', '1000000'],
      ['INSERT INTO fl_dataset_fields VALUES ($1, $2, make_timestamp($3::BIGINT), make_timestamp($3::BIGINT))', 'ds_1', 'f2', '1000000'],
      ['UPDATE fl_datasets SET last_event_at = greatest(last_event_at, make_timestamp($2::BIGINT)) WHERE table_name = $1', 'ds_1', '1000000'],
    ]);
  });

  it('widens a column in its dataset only, and refreshes last-seen at most once a second', () => {
    const catalog = new Catalog();
    const naming = new DuckDbNaming(catalog);
    commit(catalog, naming, 'api', [ev({ ms: 1 })], 1000);
    commit(catalog, naming, 'web', [ev({ ms: 2 })], 1000);
    expect(commit(catalog, naming, 'api', [ev({ ms: 1.5 })], 1500)).toEqual([['ALTER TABLE ds_1 ALTER COLUMN f1 TYPE DOUBLE']]);
    expect(commit(catalog, naming, 'api', [ev({ ms: 2.5 })], 2500)).toEqual([
      [
        'UPDATE fl_dataset_fields SET last_seen = greatest(last_seen, make_timestamp($2::BIGINT)) WHERE table_name = $1 AND list_contains($3, column_name)',
        'ds_1',
        '2500000',
        "['f1']",
      ],
      ['UPDATE fl_datasets SET last_event_at = greatest(last_event_at, make_timestamp($2::BIGINT)) WHERE table_name = $1', 'ds_1', '2500000'],
    ]);
  });

  it('goes on numbering after the names a loaded catalog has', () => {
    const catalog = new Catalog();
    commit(catalog, new DuckDbNaming(catalog), 'api', [ev({ a: 1, b: 2 })], 1000);
    const reloaded = new DuckDbNaming(catalog);
    expect([reloaded.table(), reloaded.column()]).toEqual(['ds_2', 'f3']);
  });
});
