// The entry point for OTLP metrics: an ExportMetricsServiceRequest body in, events per
// dataset (per service.name) out, one per data point plus one per histogram bucket.
import type { DecodedOtlp } from '../decoded-otlp.ts';
import { FieldBudget } from '../field-budget.ts';
import { EventTimeWindow } from '../../event-time-window.ts';
import type { OtlpFormat } from '../otlp-format.ts';
import { parseJsonRequest } from '../decode-otlp.ts';
import { decodeMetricsRequestJson } from './decode-metrics-json.ts';
import { decodeMetricsRequestProtobuf } from './decode-metrics-protobuf.ts';
import { normalizeMetrics } from './normalize-metrics.ts';

/** Throws OtlpDecodeError when the body is malformed (in JSON: any part of it). */
export function decodeMetrics(body: Uint8Array, format: OtlpFormat, environment: string, window = new EventTimeWindow(Date.now())): DecodedOtlp {
  const request = format === 'protobuf' ? decodeMetricsRequestProtobuf(body) : decodeMetricsRequestJson(parseJsonRequest(body));
  return normalizeMetrics(request, environment, new FieldBudget(body.length), window);
}
