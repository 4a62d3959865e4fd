// Reading OTLP/JSON values of the expected shape. Keys are lowerCamelCase per the spec;
// snake_case (the proto names) is accepted too. A value of the wrong shape is reported to
// a ShapeErrors: in the request's envelope that fails the request, inside a span or log
// record it rejects that item alone.
import { OtlpDecodeError } from '../otlp-decode-error.ts';

export type JsonObject = { [key: string]: unknown };

export interface ShapeErrors {
  /** Called with e.g. ('span.name', 'a string'). */
  report(path: string, expected: string): void;
}

export function envelopeError(path: string, expected: string): never {
  throw new OtlpDecodeError(`invalid OTLP JSON: ${path} must be ${expected}`);
}

export const envelopeErrors: ShapeErrors = { report: envelopeError };

/** Keeps the first problem of one item; the item is rejected with it. */
export class ItemShapeErrors implements ShapeErrors {
  problem: string | undefined;

  report(path: string, expected: string): void {
    this.problem ??= `${path} must be ${expected}`;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function member(object: JsonObject, camelCase: string, snakeCase: string): unknown {
  const value = object[camelCase];
  return value !== undefined ? value : object[snakeCase];
}

/** Absent or null is the proto3 default; anything else must have the right type. */
export function stringMember(object: JsonObject, camelCase: string, snakeCase: string, path: string, errors: ShapeErrors): string {
  const value = member(object, camelCase, snakeCase);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  errors.report(`${path}.${camelCase}`, 'a string');
  return '';
}

export function arrayMember(object: JsonObject, camelCase: string, snakeCase: string, path: string, errors: ShapeErrors): unknown[] {
  const value = member(object, camelCase, snakeCase);
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  errors.report(`${path}.${camelCase}`, 'an array');
  return [];
}

/**
 * The objects of an envelope array (resources, scopes, metrics), each with its path; an
 * item that is not an object fails the request. Items of the request's own arrays are
 * named from the member (`resourceSpans[0]`), deeper ones from their parent's path.
 */
export function envelopeObjects(object: JsonObject, camelCase: string, snakeCase: string, path: string): [JsonObject, string][] {
  const itemPrefix = path === 'request' ? camelCase : `${path}.${camelCase}`;
  return arrayMember(object, camelCase, snakeCase, path, envelopeErrors).map((item, i) => {
    const itemPath = `${itemPrefix}[${i}]`;
    return isObject(item) ? [item, itemPath] : envelopeError(itemPath, 'an object');
  });
}

export function objectMember(object: JsonObject, camelCase: string, snakeCase: string, path: string, errors: ShapeErrors): JsonObject {
  const value = member(object, camelCase, snakeCase);
  if (value === undefined || value === null) return {};
  if (isObject(value)) return value;
  errors.report(`${path}.${camelCase}`, 'an object');
  return {};
}

const HEX_BYTES = /^(?:[0-9a-fA-F]{2})*$/;

/** Ids are hex strings in OTLP/JSON (not base64 as in the generic protobuf JSON mapping). */
export function idMember(object: JsonObject, camelCase: string, snakeCase: string, path: string, errors: ShapeErrors): string {
  const id = stringMember(object, camelCase, snakeCase, path, errors);
  if (HEX_BYTES.test(id)) return id.toLowerCase();
  errors.report(`${path}.${camelCase}`, 'a hex string');
  return '';
}

const UNSIGNED_INTEGER = /^[0-9]+$/;

/** fixed64 nanoseconds: a decimal string (the spec's form) or a number. */
export function nanosMember(object: JsonObject, camelCase: string, snakeCase: string, path: string, errors: ShapeErrors): bigint {
  const value = member(object, camelCase, snakeCase);
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'string' && UNSIGNED_INTEGER.test(value) && value.length <= 20) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'bigint' && value >= 0n) return value;
  errors.report(`${path}.${camelCase}`, 'nanoseconds since the epoch, as a decimal string or integer');
  return 0n;
}

/**
 * Enums are integers in OTLP/JSON; their names (`SPAN_KIND_SERVER`) are accepted as
 * the generic protobuf JSON mapping allows them.
 */
export function enumMember(
  object: JsonObject,
  camelCase: string,
  snakeCase: string,
  names: (name: string) => number | undefined,
  path: string,
  errors: ShapeErrors,
): number {
  const value = member(object, camelCase, snakeCase);
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const fromName = names(value);
    if (fromName !== undefined) return fromName;
  }
  errors.report(`${path}.${camelCase}`, 'an enum number');
  return 0;
}

/** Looks an enum value up by its name: `prefix` + one of `names`, in number order. */
export function enumNames(prefix: string, names: readonly string[]): (name: string) => number | undefined {
  const byName = new Map(names.map((name, i) => [prefix + name, i]));
  return (name) => byName.get(name);
}
