// What the protobuf and JSON decoders both produce: the OTLP request, with ids as hex and
// attribute values already mapped to wide-event values (see any-value.ts). One normalizer
// turns it into events, so both wire formats behave the same.
import type { FieldValue } from '../../events/wide-event.ts';

export interface KeyValue {
  key: string;
  value: FieldValue;
}

export interface OtlpResource {
  attributes: KeyValue[];
}

export interface OtlpScope {
  name: string;
  version: string;
  attributes: KeyValue[];
}

/** Ids are lowercase hex of the bytes sent, '' when absent; validity is checked later. */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  /** SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: KeyValue[];
  events: OtlpSpanEvent[];
  links: OtlpLink[];
  /** StatusCode: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
  /** Set when the item arrived malformed (JSON of the wrong shape): it is rejected. */
  problem?: string;
}

export interface OtlpSpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: KeyValue[];
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: KeyValue[];
}

export interface OtlpScopeSpans {
  scope: OtlpScope;
  spans: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource: OtlpResource;
  scopeSpans: OtlpScopeSpans[];
}

export interface OtlpLogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  /** SeverityNumber 1..24, 0 when unspecified. */
  severityNumber: number;
  severityText: string;
  /** The body as a wide-event value; undefined when the record has none. */
  body: FieldValue | undefined;
  attributes: KeyValue[];
  traceId: string;
  spanId: string;
  eventName: string;
  /** Set when the item arrived malformed (JSON of the wrong shape): it is rejected. */
  problem?: string;
}

export interface OtlpScopeLogs {
  scope: OtlpScope;
  logRecords: OtlpLogRecord[];
}

export interface OtlpResourceLogs {
  resource: OtlpResource;
  scopeLogs: OtlpScopeLogs[];
}

/** OTLP time (ns since the epoch) as event time (µs), truncated. */
export function nanosToMicros(nanos: bigint): number {
  return Number(nanos / 1000n);
}

export function emptyScope(): OtlpScope {
  return { name: '', version: '', attributes: [] };
}
