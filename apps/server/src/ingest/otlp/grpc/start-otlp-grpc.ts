// Starts OTLP/gRPC as configured: off, on a chosen port, or on the default 4317, which
// yields, saying so, when something (a local Collector, another Flashlight) holds it.
import type { Logger } from '../../../logger.ts';
import type { ServerContext } from '../../../server-context.ts';
import type { ServerConfig } from '../../../config.ts';
import type { OtlpGrpcServer } from './otlp-grpc-server.ts';

export const DEFAULT_GRPC_PORT = 4317;

export type StartOtlpGrpc = (ctx: ServerContext, log: Logger) => Promise<OtlpGrpcServer | undefined>;

/**
 * Loads gRPC (the largest part of the server's code) only when it is on, and begins at
 * once, so that it loads while the stores open; the returned function starts it.
 */
export function loadOtlpGrpc({ grpcPort, host }: Pick<ServerConfig, 'grpcPort' | 'host'>): StartOtlpGrpc {
  if (grpcPort === 'off') return async () => undefined;
  const loading = import('./otlp-grpc-server.ts');
  // Handled here so a failure to load is not reported as unhandled before the start awaits it.
  loading.catch(() => undefined);
  return async (ctx, log) => {
    const { startOtlpGrpcServer } = await loading;
    try {
      const server = await startOtlpGrpcServer(ctx, host, grpcPort);
      log.info(`OTLP/gRPC is listening on ${host}:${server.port}`);
      return server;
    } catch (error) {
      if (grpcPort !== DEFAULT_GRPC_PORT) throw new Error(grpcListenFailure(grpcPort, error as Error), { cause: error });
      // Info, not a warning: the start message's level, so quiet embedded and test servers say nothing.
      log.info(`${grpcListenFailure(DEFAULT_GRPC_PORT, error as Error)}; OTLP/gRPC is off, the rest runs`);
      return undefined;
    }
  };
}

/** One line: the port gRPC could not listen on, why in plain words, and the flag that changes it. */
export function grpcListenFailure(port: number, error: Error): string {
  // grpc-js wraps the socket error: "No address added out of total 1 resolved errors: [listen EADDRINUSE: …]".
  const reason = /EADDRINUSE/.test(error.message) ? 'it is in use' : /EACCES/.test(error.message) ? 'permission denied' : error.message;
  return `OTLP/gRPC cannot listen on port ${port}: ${reason}; choose another with --grpc-port (FLASHLIGHT_GRPC_PORT), or turn it off with --grpc-port off`;
}
