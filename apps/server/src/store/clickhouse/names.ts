// Physical names from a hash of what they name, so every Flashlight server that meets the
// same new dataset or field at the same moment picks the same table or column without
// asking anyone. 64 bits of SHA-256: a collision is as likely as guessing a random
// 64-bit number; names never contain anything that came from telemetry.
import { createHash } from 'node:crypto';
import type { CatalogNaming } from '../catalog.ts';

function digest(environment: string, name: string): string {
  return createHash('sha256')
    .update(JSON.stringify([environment, name]))
    .digest('hex')
    .slice(0, 16);
}

export const clickHouseNaming: CatalogNaming = {
  table: (environment, dataset) => `ds_${digest(environment, dataset)}`,
  column: (environment, field) => `f_${digest(environment, field)}`,
};

/** The column of the field type registry (catalog-tables.ts) that settles a dataset column's type. */
export const registryColumn = (table: string, column: string) => `${table}_${column}`;
