// The tracer the kit's own spans (vendor calls, queue messages) come from: whatever
// TracerProvider is registered, ours from init() or the application's own.
import { trace, type Tracer } from '@opentelemetry/api';

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
