// The in-memory catalog, engine-neutral: per environment, which dataset lives in which
// generated table and which field in which generated column (one name per field across
// the environment), and per dataset the type of each of its columns: as in Honeycomb, a
// field's type is its dataset's, so one dataset's text `code` leaves another's integer
// `code` an integer. An engine mirrors the catalog from its catalog tables and swaps in a
// commit's changes only once they are stored. How new tables and columns are named is the
// engine's choice (`CatalogNaming`).
import { commonFieldType, type FieldType, type QueryTarget, type DatasetTable, type FieldInfo } from '@flashlight/query';
import type { ColumnInfo, DatasetInfo } from './store.ts';
import { STATUS_CODE_BY_NAME } from '../events/span-status.ts';
import { STATUS_CODE_FIELD } from './status-code-migration.ts';

export interface FieldEntry {
  name: string;
  column: string;
}

export interface ColumnSeen {
  /** The field's type in this dataset. */
  type: FieldType;
  /** Wall-clock ms of the first and the latest commit that wrote the column. */
  firstSeen: number;
  lastSeen: number;
}

export interface DatasetEntry {
  name: string;
  table: string;
  createdAt: number;
  lastEventAt: number | null;
  /** Field columns of the table, in the table's column order, with their types. */
  columns: Map<string, ColumnSeen>;
}

export interface EnvironmentCatalog {
  fields: Map<string, FieldEntry>;
  datasets: Map<string, DatasetEntry>;
}

/** Physical names for what a commit creates; only these names ever enter SQL text. */
export interface CatalogNaming {
  table(environment: string, dataset: string): string;
  column(environment: string, field: string): string;
}

export class Catalog {
  readonly environments = new Map<string, EnvironmentCatalog>();

  /**
   * A catalog that starts as this one. Environments are shared: a draft never changes an
   * adopted environment, it replaces it.
   */
  clone(): Catalog {
    const copy = new Catalog();
    for (const [name, env] of this.environments) copy.environments.set(name, env);
    return copy;
  }

  /**
   * The environment, added empty when absent. Only for filling a fresh catalog from the
   * engine's catalog tables: a commit replaces environments instead (see `clone`).
   */
  loadingEnvironment(name: string): EnvironmentCatalog {
    let env = this.environments.get(name);
    if (!env) {
      env = { fields: new Map(), datasets: new Map() };
      this.environments.set(name, env);
    }
    return env;
  }

  /** Every dataset table, by table name, with its environment. */
  datasetByTable(table: string): { environment: string; dataset: DatasetEntry } | undefined {
    for (const [environment, env] of this.environments) {
      for (const dataset of env.datasets.values()) if (dataset.table === table) return { environment, dataset };
    }
    return undefined;
  }

  datasetInfos(environment: string): DatasetInfo[] {
    const env = this.environments.get(environment);
    if (!env) return [];
    return [...env.datasets.values()].map((d) => ({
      name: d.name,
      createdAt: new Date(d.createdAt),
      lastEventAt: d.lastEventAt === null ? null : new Date(d.lastEventAt),
    }));
  }

  columnInfos(environment: string, dataset: string): ColumnInfo[] {
    const env = this.environments.get(environment);
    const entry = env?.datasets.get(dataset);
    if (!env || !entry) return [];
    const result: ColumnInfo[] = [];
    for (const field of env.fields.values()) {
      const seen = entry.columns.get(field.column);
      if (seen) result.push({ name: field.name, type: seen.type, firstSeen: new Date(seen.firstSeen), lastSeen: new Date(seen.lastSeen) });
    }
    return result;
  }

  target(environment: string, datasets: string[] | '__all__'): QueryTarget | null {
    const env = this.environments.get(environment);
    if (!env) return null;
    const chosen = datasets === '__all__' ? [...env.datasets.values()] : datasets.flatMap((name) => env.datasets.get(name) ?? []);
    if (chosen.length === 0) return null;
    // A field's type across the datasets queried together: theirs where they agree, else
    // one every table's column is read as (`casts`).
    const typeOf = new Map<string, FieldType>();
    for (const d of chosen) {
      for (const [column, seen] of d.columns) {
        const type = typeOf.get(column);
        typeOf.set(column, type === undefined ? seen.type : commonFieldType(type, seen.type));
      }
    }
    const tables: DatasetTable[] = chosen.map((d) => {
      const casts = new Map<string, { from: FieldType; to: FieldType }>();
      for (const [column, seen] of d.columns) if (seen.type !== typeOf.get(column)) casts.set(column, { from: seen.type, to: typeOf.get(column)! });
      return { dataset: d.name, table: d.table, columns: new Set(d.columns.keys()), ...(casts.size > 0 && { casts }) };
    });
    const fields = new Map<string, FieldInfo>();
    for (const field of env.fields.values()) {
      const type = typeOf.get(field.column);
      if (type === undefined) continue;
      const info: FieldInfo = { name: field.name, type, column: field.column };
      // Spans' status_code held these names before it held OTLP's number (status-code-migration.ts).
      if (field.name === STATUS_CODE_FIELD && type === 'integer') info.namedValues = STATUS_CODE_BY_NAME;
      fields.set(field.name, info);
    }
    return { tables, fields };
  }
}

/**
 * A catalog being changed by one commit: environments are copied when first touched,
 * so the live catalog stays as committed until `adopt` swaps the copies in.
 * (`adoptInto` serves an engine that plans the next commit on top of this one while
 * this one is still being written: it adopts into its planned catalog first and into
 * the committed one after.)
 */
export class CatalogDraft {
  private readonly touched = new Map<string, EnvironmentCatalog>();
  private readonly copiedDatasets = new Set<DatasetEntry>();

  constructor(
    readonly base: Catalog,
    private readonly naming: CatalogNaming,
  ) {}

  environment(name: string): EnvironmentCatalog {
    let env = this.touched.get(name);
    if (!env) {
      const committed = this.base.environments.get(name);
      env = {
        fields: new Map(committed?.fields),
        datasets: new Map(committed?.datasets),
      };
      this.touched.set(name, env);
    }
    return env;
  }

  /** The dataset's entry, copied on first write so the committed one is untouched. */
  writableDataset(env: EnvironmentCatalog, name: string): DatasetEntry | undefined {
    const entry = env.datasets.get(name);
    if (!entry || this.copiedDatasets.has(entry)) return entry;
    const copy: DatasetEntry = { ...entry, columns: new Map([...entry.columns].map(([c, s]) => [c, { ...s }])) };
    this.copiedDatasets.add(copy);
    env.datasets.set(name, copy);
    return copy;
  }

  createDataset(environment: string, env: EnvironmentCatalog, name: string, now: number): DatasetEntry {
    const entry: DatasetEntry = {
      name,
      table: this.naming.table(environment, name),
      createdAt: now,
      lastEventAt: null,
      columns: new Map(),
    };
    this.copiedDatasets.add(entry);
    env.datasets.set(name, entry);
    return entry;
  }

  createField(environment: string, env: EnvironmentCatalog, name: string): FieldEntry {
    const entry: FieldEntry = { name, column: this.naming.column(environment, name) };
    env.fields.set(name, entry);
    return entry;
  }

  environments(): IterableIterator<[string, EnvironmentCatalog]> {
    return this.touched.entries();
  }

  adopt(): void {
    this.adoptInto(this.base);
  }

  /** Makes `catalog` (the base, or one a step behind it) what this draft describes. */
  adoptInto(catalog: Catalog): void {
    for (const [name, env] of this.touched) catalog.environments.set(name, env);
  }
}
