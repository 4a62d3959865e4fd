// OTLP/HTTP: `POST /v1/traces`, `/v1/logs` and `/v1/metrics`, protobuf or JSON,
// optionally compressed. Answers as the OTLP/HTTP spec says: the export response (with
// partial_success when items were rejected) on success, an empty body being an export of
// nothing, and a google.rpc.Status body in the request's own encoding on failure, so SDK
// exporters can log a useful reason.
import { Hono, type Context } from 'hono';
import {
  decodeLogs,
  decodeTraces,
  encodeExportResponse,
  encodeStatus,
  OtlpDecodeError,
  type OtlpFormat,
} from './otlp/index.ts';
import { decodeMetrics } from './otlp/metrics/decode-metrics.ts';
import { commitBatches } from './commit-batches.ts';
import { EventTimeWindow } from './event-time-window.ts';
import { StoreOverloadedError } from '../store/store.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { reservationFor } from './ingest-budget.ts';
import { environmentOf } from '../http/environment.ts';
import type { ServerContext } from '../server-context.ts';

type Signal = 'traces' | 'logs' | 'metrics';

const decoders = { traces: decodeTraces, logs: decodeLogs, metrics: decodeMetrics } as const;

export function otlpRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  for (const signal of ['traces', 'logs', 'metrics'] as const) {
    app.post(`/v1/${signal}`, (c) => exportSignal(ctx, c, signal));
  }
  return app;
}

async function exportSignal(ctx: ServerContext, c: Context, signal: Signal): Promise<Response> {
  const format = formatOf(c.req.header('content-type'));
  if (!format) {
    return statusResponse('json', 415, `unsupported Content-Type "${c.req.header('content-type') ?? ''}": send application/x-protobuf or application/json`);
  }
  try {
    return await ctx.ingestBudget.run(reservationFor(c.req.raw, ctx.config.maxBodyBytes), async (hold) => {
      const body = await readBody(c.req.raw, ctx.config.maxBodyBytes, { allowEmpty: true, hold });
      const decoded = decoders[signal](body, format, environmentOf(c), new EventTimeWindow(Date.now(), ctx.config));
      const outcome = await commitBatches(ctx.store, decoded.batches);
      const messages = [decoded.errorMessage, ...outcome.warnings].filter(Boolean).join('; ');
      const partial = decoded.rejected > 0 || messages ? { rejected: decoded.rejected, errorMessage: messages } : undefined;
      return new Response(encodeExportResponse(signal, format, partial), {
        status: 200,
        headers: { 'content-type': contentTypeOf(format) },
      });
    });
  } catch (error) {
    if (error instanceof OtlpDecodeError) return statusResponse(format, 400, error.message);
    if (error instanceof StoreOverloadedError) {
      return statusResponse(format, 503, error.message, { 'retry-after': String(error.retryAfterSeconds) });
    }
    if (error instanceof HttpError) return statusResponse(format, error.status, error.message, error.headers);
    throw error;
  }
}

/**
 * An error raised before the OTLP route ran (auth, rate limits, admission) as the spec
 * wants it: a google.rpc.Status in the request's encoding (JSON when it has none).
 */
export function otlpErrorResponse(contentType: string | undefined, error: HttpError): Response {
  return statusResponse(formatOf(contentType) ?? 'json', error.status, error.message, error.headers);
}

function formatOf(contentType: string | undefined): OtlpFormat | null {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return 'protobuf';
  // Browsers send beacons as text/plain to stay clear of CORS preflights; the body is OTLP/JSON.
  if (mime === 'application/json' || mime === 'text/plain') return 'json';
  return null;
}

function contentTypeOf(format: OtlpFormat): string {
  return format === 'protobuf' ? 'application/x-protobuf' : 'application/json';
}

function statusResponse(format: OtlpFormat, status: number, message: string, headers: Record<string, string> = {}): Response {
  // google.rpc.Status codes: INVALID_ARGUMENT for client errors, UNAVAILABLE for overload.
  const grpcCode = status === 503 || status === 429 ? 14 : status >= 500 ? 13 : 3;
  return new Response(encodeStatus(format, grpcCode, message), {
    status,
    headers: { 'content-type': contentTypeOf(format), ...headers },
  });
}
