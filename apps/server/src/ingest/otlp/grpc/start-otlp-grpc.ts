// Starts OTLP/gRPC as configured: off, on a chosen port, or on the default 4317, which
// yields, saying so, when something (a local Collector, another Flashlight) holds it.
import type { Logger } from '../../../logger.ts';
import type { ServerContext } from '../../../http/server-context.ts';
import { startOtlpGrpcServer, type OtlpGrpcServer } from './otlp-grpc-server.ts';

export const DEFAULT_GRPC_PORT = 4317;

export async function startOtlpGrpc(ctx: ServerContext, log: Logger): Promise<OtlpGrpcServer | undefined> {
  const { grpcPort, host } = ctx.config;
  if (grpcPort === 'off') return undefined;
  try {
    const server = await startOtlpGrpcServer(ctx, host, grpcPort);
    log.info(`OTLP/gRPC is listening on ${host}:${server.port}`);
    return server;
  } catch (error) {
    if (grpcPort !== DEFAULT_GRPC_PORT) throw new Error(`cannot serve OTLP/gRPC on port ${grpcPort}: ${(error as Error).message}`);
    // Info, not a warning: the start message's level, so quiet embedded and test servers say nothing.
    log.info(`OTLP/gRPC is off: port ${DEFAULT_GRPC_PORT} is taken (${(error as Error).message}); set --grpc-port or FLASHLIGHT_GRPC_PORT`);
    return undefined;
  }
}
