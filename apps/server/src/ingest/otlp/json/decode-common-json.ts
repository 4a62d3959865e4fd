// OTLP/JSON decoding of the messages both signals share: AnyValue, KeyValue,
// InstrumentationScope, Resource.
import type { FieldValue } from '../../../events/wide-event.ts';
import { appendAttribute, doubleValue, fieldValueOf, int64Value, newKeyValueObject, type StructuredValue } from '../any-value.ts';
import { MAX_VALUE_DEPTH, TRUNCATED_VALUE } from '../limits.ts';
import type { KeyValue, OtlpResource, OtlpScope } from '../otlp-model.ts';
import { arrayMember, envelopeErrors, isObject, member, objectMember, stringMember, type JsonObject, type ShapeErrors } from './json-shape.ts';

const INTEGER = /^-?[0-9]{1,20}$/;
const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

/** One AnyValue; null when it holds no value (or a value of the wrong shape, reported). */
function decodeAnyValue(value: unknown, path: string, errors: ShapeErrors, depth: number): StructuredValue {
  if (depth > MAX_VALUE_DEPTH) return TRUNCATED_VALUE;
  if (!isObject(value)) {
    if (value !== undefined && value !== null) errors.report(path, 'an AnyValue object');
    return null;
  }
  let v = member(value, 'stringValue', 'string_value');
  if (v !== undefined && v !== null) {
    if (typeof v === 'string') return v;
    errors.report(`${path}.stringValue`, 'a string');
    return null;
  }
  v = member(value, 'boolValue', 'bool_value');
  if (v !== undefined && v !== null) {
    if (typeof v === 'boolean') return v;
    errors.report(`${path}.boolValue`, 'a boolean');
    return null;
  }
  v = member(value, 'intValue', 'int_value');
  if (v !== undefined && v !== null) {
    // The body is parsed exactly (parseExactJson): an integer beyond 2^53 is a bigint.
    if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return int64Value(v);
    if (typeof v === 'string' && INTEGER.test(v)) return int64Value(BigInt(v));
    errors.report(`${path}.intValue`, 'an integer or a decimal string');
    return null;
  }
  v = member(value, 'doubleValue', 'double_value');
  if (v !== undefined && v !== null) {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && (NON_FINITE.has(v) || (v.trim() !== '' && Number.isFinite(Number(v))))) return doubleValue(Number(v));
    errors.report(`${path}.doubleValue`, 'a number');
    return null;
  }
  v = member(value, 'bytesValue', 'bytes_value');
  if (v !== undefined && v !== null) {
    if (typeof v === 'string') return v;
    errors.report(`${path}.bytesValue`, 'a base64 string');
    return null;
  }
  v = member(value, 'arrayValue', 'array_value');
  if (v !== undefined && v !== null) {
    if (!isObject(v)) {
      errors.report(`${path}.arrayValue`, 'an object with values');
      return null;
    }
    const items = arrayMember(v, 'values', 'values', `${path}.arrayValue`, errors);
    return items.map((item, i) => decodeAnyValue(item, `${path}.arrayValue.values[${i}]`, errors, depth + 1));
  }
  v = member(value, 'kvlistValue', 'kvlist_value');
  if (v !== undefined && v !== null) {
    if (!isObject(v)) {
      errors.report(`${path}.kvlistValue`, 'an object with values');
      return null;
    }
    const list = newKeyValueObject();
    const items = arrayMember(v, 'values', 'values', `${path}.kvlistValue`, errors);
    items.forEach((item, i) => {
      const itemPath = `${path}.kvlistValue.values[${i}]`;
      if (!isObject(item)) return errors.report(itemPath, 'a KeyValue object');
      const key = stringMember(item, 'key', 'key', itemPath, errors);
      list[key] = decodeAnyValue(item.value, `${itemPath}.value`, errors, depth + 1);
    });
    return list;
  }
  return null;
}

/** An AnyValue as a wide-event value; undefined when it holds none. */
export function decodeFieldValueJson(value: unknown, path: string, errors: ShapeErrors): FieldValue | undefined {
  const decoded = decodeAnyValue(value, path, errors, 1);
  return decoded === null ? undefined : fieldValueOf(decoded);
}

/**
 * `attributes: [{ key, value: AnyValue }]`; entries without a value are left out, a
 * key-value list becomes one attribute per entry (appendAttribute).
 */
export function decodeAttributesJson(object: JsonObject, path: string, errors: ShapeErrors): KeyValue[] {
  const attributes: KeyValue[] = [];
  const items = arrayMember(object, 'attributes', 'attributes', path, errors);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const itemPath = `${path}.attributes[${i}]`;
    if (!isObject(item)) {
      errors.report(itemPath, 'a KeyValue object');
      continue;
    }
    const key = stringMember(item, 'key', 'key', itemPath, errors);
    appendAttribute(attributes, key, decodeAnyValue(item.value, `${itemPath}.value`, errors, 1));
  }
  return attributes;
}

/** The resource and scope are shared by many items: a bad one fails the request. */
export function decodeResourceJson(container: JsonObject, path: string): OtlpResource {
  const resource = objectMember(container, 'resource', 'resource', path, envelopeErrors);
  return { attributes: decodeAttributesJson(resource, `${path}.resource`, envelopeErrors) };
}

export function decodeScopeJson(container: JsonObject, path: string): OtlpScope {
  const scope = objectMember(container, 'scope', 'scope', path, envelopeErrors);
  const scopePath = `${path}.scope`;
  return {
    name: stringMember(scope, 'name', 'name', scopePath, envelopeErrors),
    version: stringMember(scope, 'version', 'version', scopePath, envelopeErrors),
    attributes: decodeAttributesJson(scope, scopePath, envelopeErrors),
  };
}
