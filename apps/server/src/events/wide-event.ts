// The one data model: every span, span event, link and log record becomes a flat event
// of typed fields with a timestamp and the sample rate it was kept at.

export type FieldValue = string | number | boolean;

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

/**
 * Sets a field on a fields object. Defined, not assigned: field names come from telemetry,
 * and one named `__proto__` is data like any other.
 */
export function setField(fields: Record<string, FieldValue>, name: string, value: FieldValue): void {
  Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
}
