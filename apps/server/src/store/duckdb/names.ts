// Physical names in the DuckDB file: tables `ds_<n>` and columns `f<n>`, numbered across
// the whole file so that a name is never given twice (a number a failed commit took is
// simply skipped). Nothing from telemetry ever becomes part of a name.
import type { Catalog, CatalogNaming } from '../catalog.ts';

export class DuckDbNaming implements CatalogNaming {
  private nextTable = 1;
  private nextColumn = 1;

  /** Numbers after every name the catalog already has. */
  constructor(catalog: Catalog) {
    for (const env of catalog.environments.values()) {
      for (const dataset of env.datasets.values()) this.nextTable = Math.max(this.nextTable, numberIn(dataset.table) + 1);
      for (const field of env.fields.values()) this.nextColumn = Math.max(this.nextColumn, numberIn(field.column) + 1);
    }
  }

  table(): string {
    return `ds_${this.nextTable++}`;
  }

  column(): string {
    return `f${this.nextColumn++}`;
  }
}

function numberIn(name: string): number {
  return Number(/\d+$/.exec(name)?.[0] ?? 0);
}
