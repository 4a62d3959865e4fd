// How an OTLP AnyValue becomes a wide-event value, the same for protobuf and JSON:
// strings, booleans and doubles stay as they are; arrays and key-value lists become JSON
// strings; bytes become base64; values the store cannot hold as numbers become strings.
import { exactInteger, type FieldValue } from '../../events/wide-event.ts';
import { fieldsJson } from '../../events/fields-json.ts';

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

export function structuredValue(value: StructuredValue[] | { [key: string]: StructuredValue }): string {
  return fieldsJson(value);
}

/** A key-value list as an object that a key such as `__proto__` cannot tamper with. */
export function newKeyValueObject(): { [key: string]: StructuredValue } {
  return Object.create(null) as { [key: string]: StructuredValue };
}

/** A log body of any kind as text; scalars as JavaScript writes them (`42`, `true`). */
export function bodyText(value: FieldValue): string {
  return typeof value === 'string' ? value : String(value);
}
