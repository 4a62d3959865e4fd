// The in-memory catalog: per environment, which dataset lives in which generated table
// and which field in which generated column. It mirrors the catalog tables and changes
// only after the transaction that changed those tables has committed.
import type { FieldType, QueryTarget, DatasetTable, FieldInfo } from '@flashlight/query';

export interface FieldEntry {
  name: string;
  type: FieldType;
  column: string;
}

export interface ColumnSeen {
  /** Wall-clock ms of the first and the latest commit that wrote the column. */
  firstSeen: number;
  lastSeen: number;
}

export interface DatasetEntry {
  name: string;
  table: string;
  createdAt: number;
  lastEventAt: number | null;
  /** Field columns of the table, in the table's column order. */
  columns: Map<string, ColumnSeen>;
}

export interface EnvironmentCatalog {
  fields: Map<string, FieldEntry>;
  datasets: Map<string, DatasetEntry>;
}

export class Catalog {
  readonly environments = new Map<string, EnvironmentCatalog>();
  /** Generated names are numbered across the whole file, so a name is never reused. */
  nextTableNumber = 1;
  nextColumnNumber = 1;

  /**
   * A catalog that starts as this one. Environments are shared: drafts never change an
   * adopted environment, they replace it.
   */
  clone(): Catalog {
    const copy = new Catalog();
    for (const [name, env] of this.environments) copy.environments.set(name, env);
    copy.nextTableNumber = this.nextTableNumber;
    copy.nextColumnNumber = this.nextColumnNumber;
    return copy;
  }

  /** Every dataset table, by table name, with its environment. */
  datasetByTable(table: string): { environment: string; dataset: DatasetEntry } | undefined {
    for (const [environment, env] of this.environments) {
      for (const dataset of env.datasets.values()) if (dataset.table === table) return { environment, dataset };
    }
    return undefined;
  }

  target(environment: string, datasets: string[] | '__all__'): QueryTarget | null {
    const env = this.environments.get(environment);
    if (!env) return null;
    const chosen =
      datasets === '__all__'
        ? [...env.datasets.values()]
        : datasets.flatMap((name) => env.datasets.get(name) ?? []);
    if (chosen.length === 0) return null;
    const tables: DatasetTable[] = chosen.map((d) => ({
      dataset: d.name,
      table: d.table,
      columns: new Set(d.columns.keys()),
    }));
    const present = new Set(tables.flatMap((t) => [...t.columns]));
    const fields = new Map<string, FieldInfo>();
    for (const field of env.fields.values()) {
      if (present.has(field.column)) fields.set(field.name, { name: field.name, type: field.type, column: field.column });
    }
    return { tables, fields };
  }
}

/**
 * A catalog being changed by one commit: environments are copied when first touched,
 * so the catalog it started from stays as it was until `adoptInto` swaps the copies in.
 */
export class CatalogDraft {
  private readonly touched = new Map<string, EnvironmentCatalog>();
  private readonly copiedDatasets = new Set<DatasetEntry>();
  nextTableNumber: number;
  nextColumnNumber: number;

  constructor(readonly base: Catalog) {
    this.nextTableNumber = base.nextTableNumber;
    this.nextColumnNumber = base.nextColumnNumber;
  }

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

  createDataset(env: EnvironmentCatalog, name: string, now: number): DatasetEntry {
    const entry: DatasetEntry = {
      name,
      table: `ds_${this.nextTableNumber++}`,
      createdAt: now,
      lastEventAt: null,
      columns: new Map(),
    };
    this.copiedDatasets.add(entry);
    env.datasets.set(name, entry);
    return entry;
  }

  createField(env: EnvironmentCatalog, name: string, type: FieldType): FieldEntry {
    const entry: FieldEntry = { name, type, column: `f${this.nextColumnNumber++}` };
    env.fields.set(name, entry);
    return entry;
  }

  environments(): IterableIterator<[string, EnvironmentCatalog]> {
    return this.touched.entries();
  }

  /** Makes `catalog` (the base, or one a step behind it) what this draft describes. */
  adoptInto(catalog: Catalog): void {
    for (const [name, env] of this.touched) catalog.environments.set(name, env);
    catalog.nextTableNumber = this.nextTableNumber;
    catalog.nextColumnNumber = this.nextColumnNumber;
  }
}
