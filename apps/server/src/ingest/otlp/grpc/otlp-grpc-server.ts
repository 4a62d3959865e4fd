// OTLP/gRPC (default port 4317): the collector Trace, Logs and Metrics services' Export,
// through the same ingest pipeline as OTLP/HTTP: the same keys and rate limits, admission,
// budget, decoders, durability (answer only once committed) and partial_success. Messages
// stay raw bytes (identity (de)serializers) so the hand-written protobuf decoders read
// them; grpc-js undoes gzip message compression itself.
import {
  logVerbosity,
  Server,
  ServerCredentials,
  setLogVerbosity,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { OtlpDecodeError, type OtlpSignal } from '../index.ts';
import { exportOtlp } from '../../otlp-export.ts';
import { StoreOverloadedError } from '../../../store/store.ts';
import { HttpError } from '../../../http/http-error.ts';
import { presentedKeyText } from '../../../auth/presented-key.ts';
import type { ServerContext } from '../../../server-context.ts';

const SERVICES: Record<OtlpSignal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
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
  for (const [signal, path] of Object.entries(SERVICES) as [OtlpSignal, string][]) {
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
    server.addService(definition, {
      Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => exportCall(ctx, signal, call, callback),
    });
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

async function exportCall(ctx: ServerContext, signal: OtlpSignal, call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): Promise<void> {
  try {
    const body = call.request;
    ctx.metrics.ingestBytes.inc({ transport: 'grpc' }, body.length);
    // The API key comes as `x-honeycomb-team` or `authorization: Bearer` metadata, as over HTTP.
    const keyText = presentedKeyText((name) => {
      const value = call.metadata.get(name)[0];
      return value === undefined ? undefined : String(value);
    });
    const answer = await ctx.ingest.asCaller(keyText, call.getPath(), (principal) =>
      // grpc-js has read (and inflated) the message already, within the body limit.
      exportOtlp(ctx.ingest, principal, { signal, format: 'protobuf', reservation: body.length, read: async () => body }),
    );
    ctx.metrics.grpcResponses.inc({ code: String(status.OK) });
    callback(null, Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength));
  } catch (error) {
    const failure = grpcFailureOf(error);
    if (failure.code === status.INTERNAL) ctx.log.error('OTLP/gRPC export failed', { signal, error: String(error), stack: (error as Error).stack });
    ctx.metrics.grpcResponses.inc({ code: String(failure.code) });
    callback({ code: failure.code, details: failure.message });
  }
}

/** The pipeline's answers in gRPC's words, as OTLP/HTTP gives them: malformed is INVALID_ARGUMENT (not retried); overload UNAVAILABLE (retried with backoff). */
function grpcFailureOf(error: unknown): GrpcFailure {
  if (error instanceof OtlpDecodeError) return new GrpcFailure(status.INVALID_ARGUMENT, error.message);
  if (error instanceof StoreOverloadedError) return new GrpcFailure(status.UNAVAILABLE, error.message);
  if (error instanceof HttpError) {
    if (error.status === 401) return new GrpcFailure(status.UNAUTHENTICATED, error.message);
    if (error.status === 403) return new GrpcFailure(status.PERMISSION_DENIED, error.message);
    if (error.status === 413) return new GrpcFailure(status.RESOURCE_EXHAUSTED, error.message);
    if (error.status === 429 || error.status === 503) return new GrpcFailure(status.UNAVAILABLE, error.message);
    return new GrpcFailure(status.INVALID_ARGUMENT, error.message);
  }
  return new GrpcFailure(status.INTERNAL, 'internal error; the server log has the details');
}
