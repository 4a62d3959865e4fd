// The tracer and logger the kit's own telemetry (vendor calls, queue messages, flag
// evaluations) comes from: whatever providers are registered, ours from init() or the
// application's own.
import { trace, type Tracer } from '@opentelemetry/api';
import { logs, type Logger } from '@opentelemetry/api-logs';

export const KIT_NAME = '@flashlight/node';
export const KIT_VERSION = '0.1.0';

// The API's proxy tracer follows a provider registered later, so one lookup serves every
// call; init() and shutdown() drop it because a provider registered after disable() is
// not followed.
let cached: Tracer | undefined;

export function kitTracer(): Tracer {
  return (cached ??= trace.getTracer(KIT_NAME, KIT_VERSION));
}

export function forgetKitTracer(): void {
  cached = undefined;
}

/** Looked up per call: log records are rare next to spans, and this follows re-registration. */
export function kitLogger(): Logger {
  return logs.getLogger(KIT_NAME, KIT_VERSION);
}
