// OTLP/gRPC (default port 4317): the collector Trace, Logs and Metrics services' Export,
// with the same decoders, durability (answer only once committed) and partial_success as
// OTLP/HTTP. Messages stay raw bytes (identity (de)serializers) so the hand-written
// protobuf decoders read them; grpc-js undoes gzip message compression itself.
import { logVerbosity, Server, ServerCredentials, setLogVerbosity, status, type sendUnaryData, type ServerUnaryCall, type ServiceDefinition } from '@grpc/grpc-js';
import { decodeLogs, decodeTraces, encodeExportResponse, OtlpDecodeError, type OtlpSignal } from '../index.ts';
import { decodeMetrics } from '../metrics/decode-metrics.ts';
import { EventTimeWindow } from '../../event-time-window.ts';
import { commitBatches } from '../../commit-batches.ts';
import { StoreOverloadedError } from '../../../store/store.ts';
import { HttpError } from '../../../http/http-error.ts';
import { DEFAULT_ENVIRONMENT } from '../../../http/environment.ts';
import { kindGrants } from '../../../auth/key-kind.ts';
import { isOpenMode } from '../../../auth/open-mode.ts';
import { presentedKeyText } from '../../../auth/presented-key.ts';
import { KeyRateLimits } from '../../../auth/key-rate-limits.ts';
import { meteredStore } from '../../../auth/metered-store.ts';
import type { ServerContext } from '../../../server-context.ts';
import { ingestAdmission } from '../../../hardening/ingest-admission.ts';
import { watchEventLoopLag } from '../../../hardening/event-loop-lag.ts';

const SERVICES: Record<OtlpSignal, { path: string; decode: typeof decodeTraces }> = {
  traces: { path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export', decode: decodeTraces },
  logs: { path: '/opentelemetry.proto.collector.logs.v1.LogsService/Export', decode: decodeLogs },
  metrics: { path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export', decode: decodeMetrics },
};

const rawBytes = (value: Buffer): Buffer => value;

// Every grpc-js failure of the server reaches its caller and our own log in words; grpc-js's
// own lines ("E No address added out of total 1 resolved") would only repeat them raw.
// GRPC_VERBOSITY, when set, still turns them on for debugging.
if (process.env.GRPC_VERBOSITY === undefined) setLogVerbosity(logVerbosity.NONE);

/** A gRPC failure: the status code and message the exporter logs. */
class GrpcFailure extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export interface OtlpGrpcServer {
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port (0 picks a free port); rejects when the port cannot be bound. */
export async function startOtlpGrpcServer(ctx: ServerContext, host: string, port: number): Promise<OtlpGrpcServer> {
  const server = new Server({ 'grpc.max_receive_message_length': ctx.config.maxBodyBytes });
  // Each key's request and event rates, as over HTTP (gRPC keeps buckets of its own).
  const limits = new KeyRateLimits({ requestsPerSecond: ctx.config.keyRequestsPerSecond, eventsPerSecond: ctx.config.keyEventsPerSecond });
  // The HTTP ingest admission too: refused while requests wait long or the event loop lags.
  const admission = ingestAdmission({ maxWaitMs: ctx.config.maxIngestWaitMs, maxLoopLagMs: ctx.config.maxEventLoopLagMs, loopLag: watchEventLoopLag() });
  const metered: Metered = { ctx: { ...ctx, store: meteredStore(ctx.store, limits) }, limits, admission };
  for (const [signal, { path }] of Object.entries(SERVICES) as [OtlpSignal, (typeof SERVICES)[OtlpSignal]][]) {
    const definition: ServiceDefinition = {
      Export: {
        path,
        requestStream: false,
        responseStream: false,
        requestSerialize: rawBytes,
        requestDeserialize: rawBytes,
        responseSerialize: rawBytes,
        responseDeserialize: rawBytes,
      },
    };
    server.addService(definition, { Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => exportCall(metered, signal, call, callback) });
  }
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    port: boundPort,
    close: () =>
      new Promise<void>((resolve) => {
        // In-flight exports finish (they answer only once committed); new ones are refused.
        server.tryShutdown(() => resolve());
      }),
  };
}

interface Metered {
  ctx: ServerContext;
  limits: KeyRateLimits;
  admission: ReturnType<typeof ingestAdmission>;
}

async function exportCall({ ctx, limits, admission }: Metered, signal: OtlpSignal, call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): Promise<void> {
  try {
    const { environment, keyId } = callerOf(ctx, call);
    const body = call.request;
    ctx.metrics.ingestBytes.inc({ transport: 'grpc' }, body.length);
    let answer: Uint8Array | undefined;
    // The middleware reads nothing of its context; it only decides whether `next` runs.
    await admission(undefined as never, async () => {
      const admitted = limits.admit(keyId ?? 'open', () => exportBody(ctx, signal, body, environment));
      if ('retryAfterSeconds' in admitted) {
        throw new GrpcFailure(status.UNAVAILABLE, `the API key ${keyId ?? '(open mode)'} is over its rate limit; retry in ${admitted.retryAfterSeconds}s`);
      }
      answer = await admitted;
    });
    ctx.metrics.grpcResponses.inc({ code: String(status.OK) });
    callback(null, Buffer.from(answer!.buffer, answer!.byteOffset, answer!.byteLength));
  } catch (error) {
    const failure = grpcFailureOf(error);
    if (failure.code === status.INTERNAL) ctx.log.error('OTLP/gRPC export failed', { signal, error: String(error), stack: (error as Error).stack });
    ctx.metrics.grpcResponses.inc({ code: String(failure.code) });
    callback({ code: failure.code, details: failure.message });
  }
}

/** Decodes and commits one export; resolves with the export response once committed. */
function exportBody(ctx: ServerContext, signal: OtlpSignal, body: Buffer, environment: string): Promise<Uint8Array> {
  return ctx.ingestBudget.run(body.length, async () => {
    const decoded = SERVICES[signal].decode(body, 'protobuf', environment, new EventTimeWindow(Date.now(), ctx.config));
    const outcome = await commitBatches(ctx.store, decoded.batches);
    const messages = [decoded.errorMessage, ...outcome.warnings].filter(Boolean).join('; ');
    const partial = decoded.rejected > 0 || messages ? { rejected: decoded.rejected, errorMessage: messages } : undefined;
    return encodeExportResponse(signal, 'protobuf', partial);
  });
}

/** The API key comes as `x-honeycomb-team` or `authorization: Bearer` metadata, as over HTTP. */
function callerOf(ctx: ServerContext, call: ServerUnaryCall<Buffer, Buffer>): { environment: string; keyId: string | null } {
  if (isOpenMode(ctx.config.host, ctx.keys)) return { environment: DEFAULT_ENVIRONMENT, keyId: null };
  const text = presentedKeyText((name) => {
    const value = call.metadata.get(name)[0];
    return value === undefined ? undefined : String(value);
  });
  if (!text) throw new GrpcFailure(status.UNAUTHENTICATED, 'this server needs an API key: send it as x-honeycomb-team or authorization: Bearer metadata');
  const result = ctx.keys.authenticate(text);
  if (!result.ok) throw new GrpcFailure(status.UNAUTHENTICATED, result.reason);
  if (!kindGrants(result.key.kind, 'write')) throw new GrpcFailure(status.PERMISSION_DENIED, `a ${result.key.kind} key may not send events`);
  return { environment: result.key.environment, keyId: result.key.id };
}

/** As OTLP/HTTP: malformed is INVALID_ARGUMENT (not retried); overload UNAVAILABLE (retried with backoff). */
function grpcFailureOf(error: unknown): GrpcFailure {
  if (error instanceof GrpcFailure) return error;
  if (error instanceof OtlpDecodeError) return new GrpcFailure(status.INVALID_ARGUMENT, error.message);
  if (error instanceof StoreOverloadedError) return new GrpcFailure(status.UNAVAILABLE, error.message);
  if (error instanceof HttpError) {
    if (error.status === 413) return new GrpcFailure(status.RESOURCE_EXHAUSTED, error.message);
    if (error.status === 429 || error.status === 503) return new GrpcFailure(status.UNAVAILABLE, error.message);
    return new GrpcFailure(status.INVALID_ARGUMENT, error.message);
  }
  return new GrpcFailure(status.INTERNAL, 'internal error; the server log has the details');
}
