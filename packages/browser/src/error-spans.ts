// Unhandled errors and unhandled promise rejections as `exception` spans carrying the
// exception attributes and an `exception` span event (OTel's exception convention).
import type { Attributes, Tracer } from './tracer.ts';

const MAX_STACK_CHARS = 4000;

export function exceptionAttributes(thrown: unknown, fallbackMessage: string): Attributes {
  const error = thrown instanceof Error ? thrown : undefined;
  return {
    'exception.type': error?.name ?? (thrown === undefined || thrown === null ? 'Error' : typeof thrown),
    'exception.message': error ? error.message : thrown === undefined || thrown === null ? fallbackMessage : String(thrown),
    'exception.stacktrace': (error?.stack ?? '').slice(0, MAX_STACK_CHARS),
  };
}

export function recordUnhandledErrors(tracer: Tracer): () => void {
  const record = (attributes: Attributes) => {
    const span = tracer.startSpan('exception', { attributes });
    span.addEvent('exception', attributes);
    span.setError(String(attributes['exception.message']));
    span.end();
  };
  const onError = (event: ErrorEvent) =>
    record({
      ...exceptionAttributes(event.error, event.message),
      'exception.source': 'error',
      ...(event.filename && { 'code.filepath': event.filename, 'code.lineno': event.lineno, 'code.column': event.colno }),
    });
  const onRejection = (event: PromiseRejectionEvent) =>
    record({ ...exceptionAttributes(event.reason, 'unhandled promise rejection'), 'exception.source': 'unhandledrejection' });
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onRejection);
  return () => {
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onRejection);
  };
}
