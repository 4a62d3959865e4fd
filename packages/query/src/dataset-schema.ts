// What the compiler needs to know about the data it queries: which fields exist, their
// types, and which physical column and table hold them. Field names come from telemetry
// and are hostile, so they never appear in SQL: each field maps to a generated column
// name (`f12`), the same one in every dataset of an environment. A derived column is a
// field computed from others by an expression (derived/).
import type { TypedExpression } from './derived/expression-types.ts';
import type { RelatedColumn, TraceUniverse } from './relational/relational-fields.ts';

/** The type a field takes in a dataset, fixed by the first value seen there (widened from integer to float). */
export type FieldType = 'string' | 'integer' | 'float' | 'boolean';

/**
 * The type a field is read as across datasets that hold it as `a` and `b`: that type
 * where they agree, float for integers and floats, else text.
 */
export function commonFieldType(a: FieldType, b: FieldType): FieldType {
  if (a === b) return a;
  return a !== 'string' && a !== 'boolean' && b !== 'string' && b !== 'boolean' ? 'float' : 'string';
}

export interface FieldInfo {
  /** The field's name as users see it: `http.route`, `user.id`. */
  name: string;
  type: FieldType;
  /** The generated physical column that stores it, e.g. `f12`. */
  column: string;
  /**
   * Names for values of a number field, which a filter may give instead of the number:
   * saved queries written when the field held the names keep answering (a span's
   * `status_code` `error` is 2).
   */
  namedValues?: Readonly<Record<string, number>>;
  /** Set for a derived column: its checked expression; `column` is then a key of the query plan, not a physical column. */
  expression?: TypedExpression;
  /** Set for a relational field (`root.name`): the span it reads and that span's physical column; `column` is then a plan key. */
  relation?: RelatedColumn;
}

export interface DatasetTable {
  dataset: string;
  /** The generated physical table name, e.g. `ds_3`. */
  table: string;
  /** Physical column names this table has (besides the built-in `ts` and `sample_rate`). */
  columns: ReadonlySet<string>;
  /**
   * Columns this table holds as another type than the field's across the tables queried
   * together, with the field's type there: read as that (`physicalColumn` in scan-sql.ts).
   */
  casts?: ReadonlyMap<string, { readonly from: FieldType; readonly to: FieldType }>;
  /** About how many rows the table holds, where the engine's catalog says: the compiler picks plans by it. */
  rows?: number;
}

/** One or more dataset tables queried together, and every field any of them has. */
export interface QueryTarget {
  tables: DatasetTable[];
  fields: ReadonlyMap<string, FieldInfo>;
  /** Derived columns saved for these datasets: expression text by name. */
  derived?: ReadonlyMap<string, string>;
  /** Every table of the environment, where relational fields look for a span's root, parent and trace (relational/). */
  traces?: TraceUniverse;
}

/** Built-in columns of every dataset table. */
export const TIMESTAMP_COLUMN = 'ts';
export const SAMPLE_RATE_COLUMN = 'sample_rate';
