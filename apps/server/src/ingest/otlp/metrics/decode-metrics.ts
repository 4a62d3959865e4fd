// The entry point for OTLP metrics: an ExportMetricsServiceRequest body in, events per
// dataset (per service.name) out, one per data point plus one per histogram bucket.
import type { DecodedOtlp } from '../decoded-otlp.ts';
import { FieldBudget } from '../field-budget.ts';
import { OtlpDecodeError } from '../otlp-decode-error.ts';
import type { OtlpFormat } from '../otlp-format.ts';
import { decodeMetricsRequestProtobuf } from './decode-metrics-protobuf.ts';
import { normalizeMetrics } from './normalize-metrics.ts';

/** Throws OtlpDecodeError when the body is malformed as a whole (or is OTLP/JSON, not read yet). */
export function decodeMetrics(body: Uint8Array, format: OtlpFormat, environment: string): DecodedOtlp {
  if (format !== 'protobuf') throw new OtlpDecodeError('OTLP/JSON metrics are not accepted yet: send application/x-protobuf');
  return normalizeMetrics(decodeMetricsRequestProtobuf(body), environment, new FieldBudget(body.length));
}
