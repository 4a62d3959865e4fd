// The tracer the kit's own spans (vendor calls, queue messages) come from: whatever
// TracerProvider is registered, ours from init() or the application's own.
import { trace, type Tracer } from '@opentelemetry/api';

export const KIT_NAME = '@flashlight/node';
export const KIT_VERSION = '0.1.0';

export function kitTracer(): Tracer {
  return trace.getTracer(KIT_NAME, KIT_VERSION);
}
