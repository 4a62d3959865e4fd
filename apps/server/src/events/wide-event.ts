// The one data model: every span, span event, link and log record becomes a flat event
// of typed fields with a timestamp and the sample rate it was kept at.

/**
 * A bigint only for an int64 that a number cannot hold exactly (beyond ±(2^53 - 1)):
 * integers stay exact from the wire to the store. See `exactInteger`.
 */
export type FieldValue = string | number | boolean | bigint;

export interface WideEvent {
  /** Event time in microseconds since the Unix epoch. */
  timeUs: number;
  /** 1 in `sampleRate` such events was kept; every aggregate weighs the event by it. */
  sampleRate: number;
  fields: Record<string, FieldValue>;
}

/** Events bound for one dataset of one environment. */
export interface DatasetBatch {
  environment: string;
  dataset: string;
  events: WideEvent[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * An integer as a field value: a number when exact as one, else a bigint while it fits
 * the store's int64 columns; past int64 (a uint64 beyond 2^63 - 1) it is the nearest
 * number, as a float.
 */
export function exactInteger(value: bigint): number | bigint {
  const number = Number(value);
  if (Number.isSafeInteger(number)) return number;
  return value >= INT64_MIN && value <= INT64_MAX ? value : number;
}

/**
 * Sets a field on a fields object. Defined, not assigned: field names come from telemetry,
 * and one named `__proto__` is data like any other.
 */
export function setField(fields: Record<string, FieldValue>, name: string, value: FieldValue): void {
  Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
}
