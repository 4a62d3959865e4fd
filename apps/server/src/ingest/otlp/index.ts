// OTLP/HTTP ingest: request bodies (protobuf or JSON) to wide events per dataset, and the
// response bodies the routes answer with.
export { decodeTraces, decodeLogs } from './decode-otlp.ts';
export type { DecodedOtlp } from './decoded-otlp.ts';
export { OtlpDecodeError } from './otlp-decode-error.ts';
export type { OtlpFormat } from './otlp-format.ts';
export { encodeExportResponse, encodeStatus } from './export-response.ts';
export type { OtlpSignal, PartialSuccess } from './export-response.ts';
