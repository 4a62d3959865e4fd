// setHttpRoute(): names the server span of a request after its route (`GET /orders/:id`)
// for applications whose router the HTTP instrumentation does not know, so requests can be
// grouped by endpoint rather than by raw URL.
import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/** Call inside a request handler with the route template, not the URL: `/orders/:id`. */
export function setHttpRoute(route: string): void {
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type === RPCType.HTTP) {
    // The HTTP instrumentation reads it when the response ends: it sets `http.route` and
    // renames the span to `<method> <route>`.
    metadata.route = route;
  } else {
    trace.getActiveSpan()?.setAttribute('http.route', route);
  }
}
