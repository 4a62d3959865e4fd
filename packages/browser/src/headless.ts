// The kit's parts that need no page: its tracer, exporter, runaway guard and request
// spans. For recording browser-shaped telemetry outside a browser (simulated shoppers in
// a demo or a load test), so it matches what the kit records on a real page.
export { createTracer } from './tracer.ts';
export type { Tracer, Span, FinishedSpan } from './tracer.ts';
export { createHttpJsonExporter, SCOPE } from './http-json-exporter.ts';
export type { SpanExporter } from './http-json-exporter.ts';
export { createRunawayGuard } from './runaway-requests.ts';
export type { RunawayGuard } from './runaway-requests.ts';
export { startClientSpan, endClientSpan } from './http-client-span.ts';
export { DEFAULT_RUNAWAY } from './validate-options.ts';
