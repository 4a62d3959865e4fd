// How an OTLP AnyValue becomes a wide-event value, the same for protobuf and JSON:
// strings, booleans and doubles stay as they are; an attribute's key-value list becomes
// one field per entry (`key.entry`), as Honeycomb's translator flattens it; arrays (and
// lists elsewhere) become JSON strings; bytes become base64; values the store cannot hold
// as numbers become strings.
import { exactInteger, type FieldValue } from '../../events/wide-event.ts';
import { fieldsJson } from '../../events/fields-json.ts';
import type { KeyValue } from './otlp-model.ts';

/** An array or key-value list on its way to JSON text. Lists use null-prototype objects. */
export type StructuredValue = string | number | bigint | boolean | null | StructuredValue[] | { [key: string]: StructuredValue };

/** int64 values beyond ±(2^53 - 1) stay exact as bigints (see `exactInteger`). */
export function int64Value(value: number | bigint): number | bigint {
  return exactInteger(typeof value === 'bigint' ? value : BigInt(value));
}

/** NaN and ±Infinity have no place in a numeric column or in JSON: they become text. */
export function doubleValue(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

export function bytesValue(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function structuredValue(value: StructuredValue): string {
  return fieldsJson(value);
}

/**
 * Key-value lists nested this deep are flattened; the entries of one deeper still are
 * JSON text, as Honeycomb's translator does (its maxDepth).
 */
export const MAX_FLATTENED_DEPTH = 5;

/**
 * Appends an attribute as Honeycomb's translator does: a key-value list becomes one
 * attribute per entry named `key.entry`, recursively down to MAX_FLATTENED_DEPTH, below
 * which each entry is JSON text, scalars too (an empty list becomes none); an array
 * becomes JSON text; a null (no value) is left out.
 */
export function appendAttribute(into: KeyValue[], key: string, value: StructuredValue, depth = 0): void {
  // Scalars first: nearly every attribute is one, and this is the decoders' hot path.
  if (typeof value !== 'object') into.push({ key, value });
  else if (value === null) return;
  else if (Array.isArray(value)) into.push({ key, value: structuredValue(value) });
  else if (depth >= MAX_FLATTENED_DEPTH) {
    for (const entry in value) if (value[entry] !== null) into.push({ key: `${key}.${entry}`, value: structuredValue(value[entry]) });
  } else for (const entry in value) appendAttribute(into, `${key}.${entry}`, value[entry], depth + 1);
}

/** A decoded AnyValue as one field value: arrays and lists as JSON text. */
export function fieldValueOf(value: Exclude<StructuredValue, null>): FieldValue {
  return typeof value === 'object' ? structuredValue(value) : value;
}

/** A key-value list as an object that a key such as `__proto__` cannot tamper with. */
export function newKeyValueObject(): { [key: string]: StructuredValue } {
  return Object.create(null) as { [key: string]: StructuredValue };
}

/** A log body of any kind as text; scalars as JavaScript writes them (`42`, `true`). */
export function bodyText(value: FieldValue): string {
  return typeof value === 'string' ? value : String(value);
}
