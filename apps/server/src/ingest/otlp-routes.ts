// OTLP/HTTP: `POST /v1/traces`, `/v1/logs` and `/v1/metrics`, protobuf or JSON,
// optionally compressed. Answers as the OTLP/HTTP spec says: the export response (with
// partial_success when items were rejected) on success, an empty body being an export of
// nothing, and a google.rpc.Status body in the request's own encoding on failure, so SDK
// exporters can log a useful reason.
import type { Context } from 'hono';
import { encodeStatus, OtlpDecodeError, type OtlpFormat, type OtlpSignal } from './otlp/index.ts';
import { exportOtlp } from './otlp-export.ts';
import { principalOf } from '../auth/principal.ts';
import { StoreOverloadedError } from '../store/store.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { reservationFor } from './ingest-budget.ts';
import type { ServerContext } from '../server-context.ts';
import { Routes } from '../http/routes.ts';

export function otlpRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();
  for (const signal of ['traces', 'logs', 'metrics'] as const) {
    routes.post(`/v1/${signal}`, 'ingest', (c) => exportSignal(ctx, c, signal));
  }
  return routes;
}

async function exportSignal(ctx: ServerContext, c: Context, signal: OtlpSignal): Promise<Response> {
  const format = formatOf(c.req.header('content-type'));
  if (!format) {
    return statusResponse('json', 415, `unsupported Content-Type "${c.req.header('content-type') ?? ''}": send application/x-protobuf or application/json`);
  }
  try {
    const answer = await exportOtlp(ctx.ingest, principalOf(c), {
      signal,
      format,
      reservation: reservationFor(c.req.raw, ctx.config.maxBodyBytes),
      read: (hold) => readBody(c.req.raw, ctx.config.maxBodyBytes, { allowEmpty: true, hold }),
    });
    return new Response(answer, { status: 200, headers: { 'content-type': contentTypeOf(format) } });
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
