// One OTLP export through the ingest pipeline, whichever transport carried it: decoded
// by signal, committed, and answered with the export response (partial_success when
// items were rejected or the store had warnings).
import type { Principal } from '../auth/principal.ts';
import type { IngestHold } from '../http/read-body.ts';
import { decodeLogs, decodeTraces, encodeExportResponse, type OtlpFormat, type OtlpSignal } from './otlp/index.ts';
import { decodeMetrics } from './otlp/metrics/decode-metrics.ts';
import type { IngestPipeline } from './ingest-pipeline.ts';

const DECODERS = { traces: decodeTraces, logs: decodeLogs, metrics: decodeMetrics } as const;

export interface OtlpExport {
  signal: OtlpSignal;
  format: OtlpFormat;
  reservation: number;
  read(hold: IngestHold): Promise<Uint8Array>;
}

/** Resolves with the encoded export response once every decoded event is committed. */
export async function exportOtlp(
  pipeline: IngestPipeline,
  principal: Principal,
  { signal, format, reservation, read }: OtlpExport,
): Promise<Uint8Array<ArrayBuffer>> {
  const { decoded, warnings } = await pipeline.run(principal, {
    reservation,
    read,
    decode: (body, environment, window) => DECODERS[signal](body, format, environment, window),
  });
  const messages = [decoded.errorMessage, ...warnings].filter(Boolean).join('; ');
  const partial = decoded.rejected > 0 || messages ? { rejected: decoded.rejected, errorMessage: messages } : undefined;
  return encodeExportResponse(signal, format, partial);
}
