// The rows of a planned table write as DuckDB data chunks, built column by column: each
// column of a 2048-row slice is filled as one typed array and copied into the chunk in
// one call, which is faster than the row-at-a-time appender (numbers never pass through
// BigInt; short strings are copied with the rest, only long ones are set one by one).
import duckdb from '@duckdb/node-bindings';
import {
  DuckDBBigIntType,
  DuckDBBooleanType,
  DuckDBDataChunk,
  DuckDBDoubleType,
  DuckDBTimestampType,
  DuckDBVarCharType,
  type DuckDBType,
} from '@duckdb/node-api';
import type { FieldType } from '@flashlight/query';
import type { FieldValue } from '../../events/wide-event.ts';

/** How a column is written; a `timestamp` is written as int64 microseconds. */
export type ColumnKind = 'timestamp' | 'int64' | 'double' | 'boolean' | 'varchar';

export interface AppendColumn {
  kind: ColumnKind;
  /** Value per row; a missing entry is NULL. */
  values: readonly (FieldValue | undefined)[];
}

const KIND_OF_FIELD: Record<FieldType, ColumnKind> = {
  string: 'varchar',
  integer: 'int64',
  float: 'double',
  boolean: 'boolean',
};

export function columnKind(type: FieldType): ColumnKind {
  return KIND_OF_FIELD[type];
}

const DUCKDB_TYPES: Record<ColumnKind, DuckDBType> = {
  timestamp: DuckDBTimestampType.instance,
  int64: DuckDBBigIntType.instance,
  double: DuckDBDoubleType.instance,
  boolean: DuckDBBooleanType.instance,
  varchar: DuckDBVarCharType.instance,
};

const CHUNK_ROWS = duckdb.vector_size();
const TWO_TO_32 = 4294967296;
/**
 * A VARCHAR vector holds a 16-byte duckdb_string_t per row: the length (uint32), then up
 * to 12 bytes of the string inline; a longer string points into the vector's own heap,
 * which only DuckDB can fill.
 */
const STRING_BYTES = 16;
const INLINE_BYTES = 12;

/**
 * `rowCount` rows as data chunks for an appender; the columns are all the table's
 * columns, in its order. Needs no connection, so it can run while another commit does.
 */
export function buildChunks(rowCount: number, columns: readonly AppendColumn[]): DuckDBDataChunk[] {
  const types = columns.map((c) => DUCKDB_TYPES[c.kind]);
  const chunks: DuckDBDataChunk[] = [];
  for (let offset = 0; offset < rowCount; offset += CHUNK_ROWS) {
    const size = Math.min(CHUNK_ROWS, rowCount - offset);
    const chunk = DuckDBDataChunk.create(types, size);
    for (let c = 0; c < columns.length; c++) {
      fillVector(duckdb.data_chunk_get_vector(chunk.chunk, c), columns[c], offset, size);
    }
    duckdb.data_chunk_set_size(chunk.chunk, size);
    chunks.push(chunk);
  }
  return chunks;
}

// Scratch buffers for one vector: each is copied into DuckDB at once, so one set serves
// every vector and spares the garbage collector a buffer per column per chunk.
const validity = new Uint8Array(CHUNK_ROWS / 8);
const words = new Int32Array(CHUNK_ROWS * 2);
const int64s = new BigInt64Array(words.buffer);
const doubles = new Float64Array(CHUNK_ROWS);
const bytes = new Uint8Array(CHUNK_ROWS);
const strings = new Uint8Array(CHUNK_ROWS * STRING_BYTES);
const stringLengths = new Uint32Array(strings.buffer);
const longRows = new Int32Array(CHUNK_ROWS);

function fillVector(vector: duckdb.Vector, column: AppendColumn, offset: number, size: number): void {
  const { values } = column;
  // One bit per row, in whole 64-bit words as DuckDB keeps them.
  const validityBytes = Math.ceil(size / 64) * 8;
  validity.fill(0, 0, validityBytes);
  let nulls = 0;
  const valid = (row: number) => {
    const value = values[offset + row];
    if (value === undefined || value === null) {
      nulls++;
      return false;
    }
    validity[row >> 3] |= 1 << (row & 7);
    return true;
  };
  switch (column.kind) {
    case 'varchar': {
      if (isRepeatedLongString(values, offset, size)) {
        // One value for the whole vector (a resource attribute on every span of a
        // service): set once, instead of once per row.
        duckdb.vector_reference_value(vector, duckdb.create_varchar(values[offset] as string));
        return;
      }
      // Zeroed first: DuckDB compares inline strings by all 16 bytes.
      strings.fill(0, 0, size * STRING_BYTES);
      let longCount = 0;
      for (let row = 0; row < size; row++) {
        if (valid(row) && !inlineString(values[offset + row] as string, row)) longRows[longCount++] = row;
      }
      duckdb.copy_data_to_vector(vector, 0, strings.buffer, 0, size * STRING_BYTES);
      for (let i = 0; i < longCount; i++) {
        duckdb.vector_assign_string_element(vector, longRows[i], values[offset + longRows[i]] as string);
      }
      break;
    }
    case 'timestamp':
    case 'int64':
      // Safe integers split into two 32-bit halves: no BigInt per value; only the rare
      // int64 beyond 2^53 arrives as a bigint and is written whole.
      for (let row = 0; row < size; row++) {
        if (!valid(row)) continue;
        const raw = values[offset + row];
        if (typeof raw === 'bigint') {
          int64s[row] = raw;
          continue;
        }
        const value = Math.round(raw as number);
        const high = Math.floor(value / TWO_TO_32);
        words[row * 2] = value - high * TWO_TO_32;
        words[row * 2 + 1] = high;
      }
      duckdb.copy_data_to_vector(vector, 0, words.buffer, 0, size * 8);
      break;
    case 'double':
      // Number(): an int64 past 2^53 (a bigint) in a float field is stored as the nearest double.
      for (let row = 0; row < size; row++) if (valid(row)) doubles[row] = Number(values[offset + row]);
      duckdb.copy_data_to_vector(vector, 0, doubles.buffer, 0, size * 8);
      break;
    case 'boolean':
      for (let row = 0; row < size; row++) if (valid(row)) bytes[row] = values[offset + row] ? 1 : 0;
      duckdb.copy_data_to_vector(vector, 0, bytes.buffer, 0, size);
      break;
  }
  if (nulls > 0) {
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, validity.buffer, 0, validityBytes);
  }
}

/** Whether the slice holds one string, too long to go inline, in every row. */
function isRepeatedLongString(values: AppendColumn['values'], offset: number, size: number): boolean {
  const first = values[offset];
  if (typeof first !== 'string' || first.length <= INLINE_BYTES) return false;
  for (let row = 1; row < size; row++) if (values[offset + row] !== first) return false;
  return true;
}

/** Writes an ASCII string of up to 12 characters inline at `row`; false for any other. */
function inlineString(value: string, row: number): boolean {
  const length = value.length;
  if (length > INLINE_BYTES) return false;
  const start = row * STRING_BYTES + 4;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    // What was written so far is overwritten when the string is set the long way.
    if (code > 0x7f) return false;
    strings[start + i] = code;
  }
  stringLengths[row * 4] = length;
  return true;
}
