// A trace as the waterfall reads it (`GET /api/v1/traces/:traceId`): spans in depth-first
// order with their parent/child links, span events and links attached, and a summary.
import { z } from 'zod';
import { FieldsSchema } from './common.ts';

export const TraceAnnotationSchema = z.object({
  timeUs: z.number(),
  name: z.string().nullable(),
  fields: FieldsSchema,
});
export type TraceAnnotation = z.infer<typeof TraceAnnotationSchema>;

export const TraceSpanSchema = z.object({
  spanId: z.string(),
  parentId: z.string().nullable(),
  /** The parent is named but none of the trace's spans has its id (not sent, or sampled out). */
  parentMissing: z.boolean(),
  name: z.string().nullable(),
  service: z.string().nullable(),
  dataset: z.string(),
  startUs: z.number(),
  durationMs: z.number(),
  error: z.boolean(),
  depth: z.number(),
  childIds: z.array(z.string()),
  events: z.array(TraceAnnotationSchema),
  links: z.array(TraceAnnotationSchema),
  fields: FieldsSchema,
});
export type TraceSpan = z.infer<typeof TraceSpanSchema>;

export const TraceSummarySchema = z.object({
  traceId: z.string(),
  rootSpanId: z.string().nullable(),
  rootName: z.string().nullable(),
  rootService: z.string().nullable(),
  startUs: z.number(),
  durationMs: z.number(),
  services: z.array(z.string()),
  spanCount: z.number(),
  errorCount: z.number(),
  /** More events than the reader takes belong to the trace; these are its earliest. */
  truncated: z.boolean(),
});
export type TraceSummary = z.infer<typeof TraceSummarySchema>;

export const TraceSchema = z.object({ summary: TraceSummarySchema, spans: z.array(TraceSpanSchema) }).meta({ id: 'Trace' });
export type Trace = z.infer<typeof TraceSchema>;
