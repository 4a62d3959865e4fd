// Spans stored before `status_code` became Honeycomb's number held it as text (`unset`,
// `ok`, `error`). The first time a store opens with this code, every environment whose
// `status_code` field is text is rewritten: each name becomes the number Honeycomb writes,
// text that spells an integer that integer, and any other text moves, unchanged, to the
// companion field `status_code::string`, as the type rules of field-values.ts would have
// placed it. The store then notes the rewrite in its migrations table, so a text
// `status_code` that events bring later is left as its sender chose. Engine-neutral: this
// finds what to rewrite; each engine runs it in its own SQL.
import type { Catalog, DatasetEntry, FieldEntry } from './catalog.ts';
import { companionFieldName } from './field-values.ts';

/** The name the store notes the rewrite under, once done. */
export const STATUS_CODE_MIGRATION = 'status_code_number';
export const STATUS_CODE_FIELD = 'status_code';
export const STATUS_CODE_COMPANION = companionFieldName(STATUS_CODE_FIELD, 'string');

export interface StatusCodeMigration {
  environment: string;
  field: FieldEntry;
  /** Where text that is no status goes: `status_code::string` (its own companion if that is no text field). */
  companionName: string;
  /** The companion, when the environment already has it; otherwise made if needed. */
  companion: FieldEntry | undefined;
  /** Datasets whose tables have the field's column as text. */
  datasets: DatasetEntry[];
}

export function statusCodeMigrations(catalog: Catalog): StatusCodeMigration[] {
  const migrations: StatusCodeMigration[] = [];
  for (const [environment, env] of catalog.environments) {
    const field = env.fields.get(STATUS_CODE_FIELD);
    if (!field) continue;
    const datasets = [...env.datasets.values()].filter((d) => d.columns.get(field.column)?.type === 'string');
    if (datasets.length === 0) continue;
    // A companion that is text wherever these datasets have it.
    const isText = (name: string) => {
      const companion = env.fields.get(name);
      return !companion || datasets.every((d) => (d.columns.get(companion.column)?.type ?? 'string') === 'string');
    };
    let companionName = STATUS_CODE_COMPANION;
    while (!isText(companionName)) companionName = companionFieldName(companionName, 'string');
    migrations.push({ environment, field, companionName, companion: env.fields.get(companionName), datasets });
  }
  return migrations;
}

export function migrationLogLine(migration: StatusCodeMigration, moved: number): string {
  const kept = moved === 0 ? '' : `; ${moved} other values moved to ${JSON.stringify(migration.companionName)}`;
  return `environment ${JSON.stringify(migration.environment)}: status_code rewritten from text (unset/ok/error) to Honeycomb's number (0/1/2) in ${migration.datasets.length} datasets${kept}`;
}
