// The answer to a query, shaped like Honeycomb's query results: totals per group
// (`results`) and the same groups over time (`series`).

/** A heatmap cell row: bucket boundaries (buckets + 1 of them) and weighted counts per bucket. */
export interface HeatmapValue {
  bounds: number[];
  counts: number[];
}

/** A row's data: its breakdown values by field name, and one entry per calculation by name. */
export type ResultData = Record<string, string | number | boolean | null | HeatmapValue>;

/**
 * With `confidence` in the spec: each calculation's interval by name, parallel to `data`
 * (null where it has none; an end null where the sample cannot bound it), and the
 * calculations whose interval is wider than their value.
 */
export interface ResultConfidence {
  ci?: Record<string, [number | null, number | null] | null>;
  uncertain?: string[];
}

export interface QueryResult {
  data: {
    series: ({ time: string; data: ResultData } & ResultConfidence)[];
    results: ({ data: ResultData } & ResultConfidence)[];
    /** With `results: traces`: the matching traces, newest first. */
    traces?: TraceMatch[];
  };
}

/** A trace with events that match a query, as `results: traces` answers. */
export interface TraceMatch {
  traceId: string;
  rootName: string | null;
  rootService: string | null;
  /** The first span's start, ISO 8601. */
  startTime: string;
  /** From the first span's start to the last span's end. */
  durationMs: number;
  spans: number;
  errors: number;
  /** Ids of the trace's spans that match the query (up to MAX_MATCHING_SPANS). */
  matchingSpanIds: string[];
}
