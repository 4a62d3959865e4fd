// Queries and schema: `POST /api/v1/query` with a QuerySpec over a dataset (or `__all__`),
// and the datasets and columns a client builds queries from.
import { z } from 'zod';
import { QuerySpecSchema, type QueryResult, type TraceMatch } from '@flashlight/query';
import { FieldTypeSchema } from './common.ts';

export const QueryRequestSchema = z
  .object({
    /** A dataset's name, or `__all__` for every dataset of the environment. */
    dataset: z.string().min(1),
    query: QuerySpecSchema.optional(),
  })
  .meta({ id: 'QueryRequest' });
export type QueryRequest = z.input<typeof QueryRequestSchema>;

const HeatmapValueSchema = z.object({ bounds: z.array(z.number()), counts: z.array(z.number()) });
const ResultDataSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), HeatmapValueSchema]));

/** With `confidence` in the query (docs/confidence.md): intervals parallel to `data`, and the calculations marked "too few events". */
const ConfidenceFieldsSchema = {
  ci: z
    .record(z.string(), z.tuple([z.number().nullable(), z.number().nullable()]).nullable())
    .optional()
    .describe(
      'Each calculation’s interval [low, high] at the asked confidence, by result name; null where it has none. An end is null where the sample holds no value that bounds it (an extreme percentile of few events).',
    ),
  uncertain: z.array(z.string()).optional().describe('The calculations whose interval is wider than their value: too few events to rank by.'),
};

/** A trace that matches a query (`results: traces`). */
export const TraceMatchSchema = z
  .object({
    traceId: z.string(),
    rootName: z.string().nullable(),
    rootService: z.string().nullable(),
    startTime: z.string(),
    durationMs: z.number(),
    spans: z.number(),
    errors: z.number(),
    matchingSpanIds: z.array(z.string()),
  })
  .meta({ id: 'TraceMatch' }) satisfies z.ZodType<TraceMatch>;

export const QueryResultSchema = z
  .object({
    data: z.object({
      series: z.array(z.object({ time: z.string(), data: ResultDataSchema, ...ConfidenceFieldsSchema })),
      results: z.array(z.object({ data: ResultDataSchema, ...ConfidenceFieldsSchema })),
      traces: z.array(TraceMatchSchema).optional(),
    }),
  })
  .meta({ id: 'QueryResult' }) satisfies z.ZodType<QueryResult>;

export const DatasetSchema = z
  .object({
    name: z.string(),
    createdAt: z.iso.datetime(),
    lastEventAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Dataset' });
export type Dataset = z.infer<typeof DatasetSchema>;

export const ColumnSchema = z
  .object({
    name: z.string(),
    type: FieldTypeSchema,
    /** For a derived column: when it was saved. */
    firstSeen: z.iso.datetime(),
    /** For a derived column: when it last changed. */
    lastSeen: z.iso.datetime(),
    /** Set for a derived column: its expression (docs/derived-columns.md). */
    expression: z.string().optional(),
  })
  .meta({ id: 'Column' });
export type Column = z.infer<typeof ColumnSchema>;
