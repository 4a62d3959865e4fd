// Test fixture: the `api` dataset in one table with three fields, as golden SQL tests name it.
import type { FieldInfo, QueryTarget } from '../dataset-schema.ts';

const fields: FieldInfo[] = [
  { name: 'duration_ms', type: 'float', column: 'f0' },
  { name: 'http.route', type: 'string', column: 'f1' },
  { name: 'http.status_code', type: 'integer', column: 'f2' },
];

export const API_TARGET: QueryTarget = {
  tables: [{ dataset: 'api', table: 'ds_1', columns: new Set(['f0', 'f1', 'f2']) }],
  fields: new Map(fields.map((f) => [f.name, f])),
};
