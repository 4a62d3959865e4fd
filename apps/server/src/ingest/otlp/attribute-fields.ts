// Copies OTLP attributes into an event's fields as they are named, within the limits of
// limits.ts; what is dropped or cut is reported through the tally.
import { MAX_FIELD_NAME_LENGTH as MAX_KEY_LENGTH, type FieldValue } from '../../events/wide-event.ts';
import type { ItemTally } from './item-tally.ts';
import { MAX_ATTRIBUTES, MAX_STRING_LENGTH } from './limits.ts';
import type { KeyValue, OtlpResource, OtlpScope } from './otlp-model.ts';
import { isSampleRateKey } from './sample-rate.ts';

export type Fields = Record<string, FieldValue>;

const UNKNOWN_SERVICE = 'unknown_service';

/** Later calls overwrite earlier ones, so call from the widest scope to the narrowest. */
export function addAttributes(fields: Fields, attributes: KeyValue[], tally: ItemTally, omitSampleRate = false): void {
  const count = attributes.length;
  if (count > MAX_ATTRIBUTES) tally.warn(`attributes beyond the first ${MAX_ATTRIBUTES} of an item were dropped`);
  for (let i = 0; i < count && i < MAX_ATTRIBUTES; i++) {
    const { key, value } = attributes[i];
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      tally.warn(`attributes with empty keys or keys over ${MAX_KEY_LENGTH} characters were dropped`);
      continue;
    }
    if (omitSampleRate && isSampleRateKey(key)) continue;
    setField(fields, key, typeof value === 'string' ? cutString(value, tally) : value);
  }
}

/** A string within MAX_STRING_LENGTH, cut (and reported) when longer. */
export function cutString(value: string, tally: ItemTally): string {
  if (value.length <= MAX_STRING_LENGTH) return value;
  tally.warn(`string values over ${MAX_STRING_LENGTH} characters were cut`);
  return value.slice(0, MAX_STRING_LENGTH);
}

function setField(fields: Fields, key: string, value: FieldValue): void {
  // Assigning `__proto__` would set the prototype and lose the field; define it instead.
  if (key === '__proto__') Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  else fields[key] = value;
}

/** Fields every event of one resource and scope shares, as parallel lists to copy from. */
export interface SharedFields {
  names: string[];
  values: FieldValue[];
}

/**
 * A fresh event's fields, starting with the shared ones. Copied key by key: in V8 an
 * object made by spreading takes a path that makes each later keyed store many times
 * slower, which showed as most of the decode time.
 */
export function copyFields(shared: SharedFields): Fields {
  const fields: Fields = {};
  const { names, values } = shared;
  for (let i = 0; i < names.length; i++) setField(fields, names[i], values[i]);
  return fields;
}

/**
 * The service a resource belongs to: its dataset, and the `service.name` of its events.
 * Trimmed, and `unknown_service` when absent or blank, as Honeycomb names it.
 */
export function serviceNameOf(resource: OtlpResource): string {
  let name: FieldValue | undefined;
  for (const attribute of resource.attributes) if (attribute.key === 'service.name') name = attribute.value;
  const trimmed = name === undefined ? '' : String(name).trim();
  return trimmed === '' ? UNKNOWN_SERVICE : trimmed.slice(0, MAX_KEY_LENGTH);
}

export function sharedFields(resource: OtlpResource, scope: OtlpScope, serviceName: string, tally: ItemTally): SharedFields {
  const fields: Fields = {};
  addAttributes(fields, resource.attributes, tally);
  addAttributes(fields, scope.attributes, tally);
  if (scope.name !== '') fields['library.name'] = scope.name;
  if (scope.version !== '') fields['library.version'] = scope.version;
  fields['service.name'] = serviceName;
  const names = Object.keys(fields);
  return { names, values: names.map((name) => fields[name]) };
}
