// Bodies of OTLP/HTTP answers: ExportTraceServiceResponse / ExportLogsServiceResponse on
// success, google.rpc.Status on failure, in the encoding the request came in.
import type { OtlpFormat } from './otlp-format.ts';
import { WireWriter } from './protobuf/wire-writer.ts';

export type OtlpSignal = 'traces' | 'logs' | 'metrics';

export interface PartialSuccess {
  rejected: number;
  errorMessage?: string;
}

const utf8 = new TextEncoder();

/**
 * ExportTraceServiceResponse / ExportLogsServiceResponse { partial_success = 1 } with
 * Export*PartialSuccess { int64 rejected_spans | rejected_log_records = 1;
 * string error_message = 2 }. The spec wants partial_success unset when all was
 * accepted, and allows it with 0 rejected to carry a warning.
 */
export function encodeExportResponse(signal: OtlpSignal, format: OtlpFormat, partial?: PartialSuccess): Uint8Array<ArrayBuffer> {
  const rejected = partial?.rejected ?? 0;
  const errorMessage = partial?.errorMessage ?? '';
  const hasPartial = rejected > 0 || errorMessage !== '';
  if (format === 'json') {
    if (!hasPartial) return utf8.encode('{}');
    const countKey = { traces: 'rejectedSpans', logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints' }[signal];
    // int64 is a decimal string in the protobuf JSON mapping.
    return utf8.encode(JSON.stringify({ partialSuccess: { [countKey]: String(rejected), errorMessage } }));
  }
  if (!hasPartial) return new Uint8Array(0);
  const inner = new WireWriter();
  if (rejected > 0) inner.varintField(1, rejected);
  if (errorMessage !== '') inner.stringField(2, errorMessage);
  return new WireWriter().bytesField(1, inner.finish()).finish();
}

/**
 * google.rpc.Status { int32 code = 1; string message = 2 }, the body of a 4xx/5xx;
 * `code` is a gRPC status code (3 INVALID_ARGUMENT, 14 UNAVAILABLE, ...).
 */
export function encodeStatus(format: OtlpFormat, code: number, message: string): Uint8Array<ArrayBuffer> {
  if (format === 'json') return utf8.encode(JSON.stringify({ code, message }));
  return new WireWriter().varintField(1, code).stringField(2, message).finish();
}
