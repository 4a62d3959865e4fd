// The type of a telemetry value, and what happens when a value meets a field whose
// type was fixed by an earlier value. No value is ever dropped: it is stored as it is,
// converted losslessly, or kept beside the field in a companion field. Engine-neutral.
import type { FieldType } from '@flashlight/query';
import { exactInteger, type FieldValue } from '../events/wide-event.ts';

/** A JS number is an integer when it has no fraction and is exact (within 2^53). */
export function typeOfValue(value: FieldValue): FieldType {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'bigint':
      return 'integer';
    default:
      return Number.isSafeInteger(value) ? 'integer' : 'float';
  }
}

/** The field a value goes to when its own field cannot hold it: `http.status_code::string`. */
export function companionFieldName(name: string, valueType: FieldType): string {
  return `${name}::${valueType}`;
}

/**
 * How a value fits a field of type `fieldType`. The rules:
 *
 * - same type: stored as it is;
 * - integer into a float field: stored as a float (every safe integer is an exact double);
 * - float into an integer field: the field widens to float in its dataset (`widen`), so
 *   earlier integers and this float share one column;
 * - number or boolean into a string field: its string form (`42`, `3.5`, `true`);
 * - string into an integer or float field: the number, when the string is exactly the
 *   number's canonical form (`"42"` → 42, but not `"042"`, `"4.20"` or `" 42"`, whose
 *   text the number would not give back); a float string into an integer field widens;
 * - string `"true"` / `"false"` into a boolean field: the boolean;
 * - anything else (a boolean into a number field, a number into a boolean field, text
 *   that is no number): the value goes, unchanged, to the companion field
 *   `<name>::<its type>`, which follows these same rules.
 */
export type ValueFit = { kind: 'store'; value: FieldValue } | { kind: 'widen'; value: number } | { kind: 'companion'; valueType: FieldType };

export function fitValue(fieldType: FieldType, value: FieldValue): ValueFit {
  const valueType = typeOfValue(value);
  if (valueType === fieldType) return { kind: 'store', value };
  switch (fieldType) {
    case 'string':
      return { kind: 'store', value: String(value) };
    case 'float':
      if (valueType === 'integer') return { kind: 'store', value: typeof value === 'bigint' ? Number(value) : value };
      if (valueType === 'string') {
        const parsed = canonicalNumber(value as string);
        if (parsed !== undefined) return { kind: 'store', value: parsed };
      }
      return { kind: 'companion', valueType };
    case 'integer':
      if (valueType === 'float') return { kind: 'widen', value: value as number };
      if (valueType === 'string') {
        const exact = canonicalInt64(value as string);
        if (exact !== undefined) return { kind: 'store', value: exact };
        const parsed = canonicalNumber(value as string);
        if (parsed !== undefined) {
          return Number.isSafeInteger(parsed) ? { kind: 'store', value: parsed } : { kind: 'widen', value: parsed };
        }
      }
      return { kind: 'companion', valueType };
    case 'boolean':
      if (value === 'true') return { kind: 'store', value: true };
      if (value === 'false') return { kind: 'store', value: false };
      return { kind: 'companion', valueType };
  }
}

/** An int64 beyond 2^53 that a string spells exactly (`"9007199254740993"`), as a bigint. */
function canonicalInt64(text: string): bigint | undefined {
  if (!/^-?[1-9][0-9]{15,18}$/.test(text)) return undefined;
  const exact = exactInteger(BigInt(text));
  return typeof exact === 'bigint' ? exact : undefined;
}

/** The number a string spells, only when the number prints back as the same string. */
function canonicalNumber(text: string): number | undefined {
  if (text === '') return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) && String(parsed) === text ? parsed : undefined;
}
