// A board: a named collection of saved queries, each drawn as a chart, that share one
// time range and a set of filters added to every query.
import { z } from 'zod';

export const CHART_TYPES = ['line', 'stacked', 'heatmap', 'table'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export const BoardQuerySchema = z.object({
  /** What the panel is called on the board. */
  title: z.string().trim().min(1).max(200),
  dataset: z.string().min(1).max(255),
  /** A QuerySpec; the server validates it when the panel runs, against the dataset as it is then. */
  query: z.record(z.string(), z.unknown()),
  chart: z.enum(CHART_TYPES).default('line'),
});
export type BoardQuery = z.infer<typeof BoardQuerySchema>;

export const BoardInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).default(''),
    /** Seconds back from now that every panel shows. */
    time_range: z
      .number()
      .int()
      .positive()
      .max(90 * 86400)
      .default(3600),
    /** QuerySpec filters added to every panel's own. */
    filters: z.array(z.record(z.string(), z.unknown())).max(50).default([]),
    queries: z.array(BoardQuerySchema).max(50).default([]),
  })
  .meta({ id: 'BoardInput' });
export type BoardInput = z.infer<typeof BoardInputSchema>;

export const BoardSchema = BoardInputSchema.extend({
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  created_by: z.string(),
}).meta({ id: 'Board' });
export type Board = z.infer<typeof BoardSchema>;
