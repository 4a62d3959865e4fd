// Finished spans as an OTLP/JSON ExportTraceServiceRequest (OTLP/HTTP spec: hex ids,
// 64-bit integers and nanosecond times as decimal strings, enums as numbers).
import type { Attributes, AttributeValue, FinishedSpan } from './tracer.ts';

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: { timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }[];
  status: { code: number; message?: string };
}

export interface OtlpTracesRequest {
  resourceSpans: {
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
  }[];
}

const STATUS_UNSET = 0;
const STATUS_ERROR = 2;

/** Epoch milliseconds (fractional) as whole nanoseconds in a decimal string, exact past 2^53. */
export function toUnixNano(epochMs: number): string {
  const wholeMs = Math.floor(epochMs);
  const nanosInMs = Math.min(999_999, Math.round((epochMs - wholeMs) * 1e6));
  return wholeMs + String(nanosInMs).padStart(6, '0');
}

/** Longer strings (a URL with a huge query, a deep stack) are cut: a span is not a payload. */
const MAX_STRING_LENGTH = 4096;

function toAnyValue(value: AttributeValue): OtlpAnyValue {
  if (typeof value === 'string') return { stringValue: value.slice(0, MAX_STRING_LENGTH) };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

/** NaN and infinities have no JSON number: such fields are left out rather than sent as null. */
export function toKeyValues(attributes: Attributes): OtlpKeyValue[] {
  const keyValues: OtlpKeyValue[] = [];
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (typeof value !== 'number' || Number.isFinite(value)) keyValues.push({ key, value: toAnyValue(value) });
  }
  return keyValues;
}

function encodeSpan(span: FinishedSpan): OtlpSpan {
  return {
    traceId: span.context.traceId,
    spanId: span.context.spanId,
    ...(span.parentSpanId && { parentSpanId: span.parentSpanId }),
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: toUnixNano(span.startMs),
    endTimeUnixNano: toUnixNano(span.endMs),
    attributes: toKeyValues(span.attributes),
    events: span.events.map((event) => ({
      timeUnixNano: toUnixNano(event.timeMs),
      name: event.name,
      attributes: toKeyValues(event.attributes),
    })),
    status: span.errorMessage === undefined ? { code: STATUS_UNSET } : { code: STATUS_ERROR, message: span.errorMessage },
  };
}

export function encodeTraces(resource: Attributes, scope: { name: string; version: string }, spans: FinishedSpan[]): OtlpTracesRequest {
  return { resourceSpans: [{ resource: { attributes: toKeyValues(resource) }, scopeSpans: [{ scope, spans: spans.map(encodeSpan) }] }] };
}
