// Flows: the service map, vendor scorecards and instrumentation gaps, as the API returns
// them (`GET /api/v1/service-map`, `/vendors`, `/gaps`).
import { z } from 'zod';

/** The numbers every node, edge and card carries, over the scope's time range. */
export const FlowStatsSchema = z.object({
  /** Weighted by sample rate. */
  requests: z.number(),
  /** Requests per second over the time range, or the part of it that has passed. */
  rate: z.number(),
  errors: z.number(),
  /** Share of requests that failed, 0..1. */
  errorRate: z.number(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  /** A trace that shows this flow, to open it. */
  exampleTraceId: z.string().nullable(),
});
export type FlowStats = z.infer<typeof FlowStatsSchema>;

export const SeriesPointSchema = z.object({
  /** Unix seconds: the start of the point's step. */
  time: z.number(),
  requests: z.number(),
  errors: z.number(),
});
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

export const NODE_KINDS = ['service', 'browser', 'vendor', 'peer', 'queue'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
/** A call (parent/child across services, or a client call to a peer), or a message to or from a queue. */
export const EDGE_KINDS = ['call', 'produce', 'consume'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export const MapNodeSchema = z.object({
  /** `<kind>:<name>`. */
  id: z.string(),
  kind: z.enum(NODE_KINDS),
  name: z.string(),
  /**
   * Services and the browser: spans that enter them (roots, server and consumer spans).
   * Peers and vendors: the calls they receive. Queues: messages sent.
   */
  stats: FlowStatsSchema,
});
export type MapNode = z.infer<typeof MapNodeSchema>;

export const MapEdgeSchema = z.object({
  id: z.string(),
  kind: z.enum(EDGE_KINDS),
  source: z.string(),
  target: z.string(),
  /** Calls: the callee's span (the client span for peers); messages: the producer or consumer span. */
  stats: FlowStatsSchema,
  /** Requests and errors per step of `seriesStepSeconds`, from the range's start to now or its end. */
  series: z.array(SeriesPointSchema),
});
export type MapEdge = z.infer<typeof MapEdgeSchema>;

export const ServiceMapSchema = z
  .object({
    /** Unix seconds. */
    startTime: z.number(),
    endTime: z.number(),
    /** How much of the range has passed, seconds: rates are over this (a range ending now is still open). */
    elapsedSeconds: z.number(),
    seriesStepSeconds: z.number(),
    nodes: z.array(MapNodeSchema),
    edges: z.array(MapEdgeSchema),
  })
  .meta({ id: 'ServiceMap' });
export type ServiceMap = z.infer<typeof ServiceMapSchema>;

export const TrendPointSchema = z.object({
  /** Unix seconds. */
  time: z.number(),
  calls: z.number(),
  /** Share of ok calls, null without calls. */
  availability: z.number().nullable(),
});
export type TrendPoint = z.infer<typeof TrendPointSchema>;

export const RecoverySchema = z.object({
  /** First failure of the last outage, µs; null when no bucket failed. */
  outageStartUs: z.number().nullable(),
  /** First success of the sustained run after it, µs; null while it lasts. */
  recoveredAtUs: z.number().nullable(),
  recoveryMs: z.number().nullable(),
});
export type Recovery = z.infer<typeof RecoverySchema>;

export const VendorScorecardSchema = z.object({
  name: z.string(),
  /** Wrapped with `wrap` (vendor.name), or seen only as a peer of client spans. */
  wrapped: z.boolean(),
  calls: z.number(),
  /** Share of calls whose outcome was ok, 0..1. */
  availability: z.number(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  timeouts: z.number(),
  fallbacks: z.number(),
  fallbackShare: z.number(),
  /** Distinct user.id and session.id values in traces with a call that was not ok. */
  usersAffected: z.number(),
  sessionsAffected: z.number(),
  recovery: RecoverySchema,
  trend: z.array(TrendPointSchema),
  exampleTraceId: z.string().nullable(),
});
export type VendorScorecard = z.infer<typeof VendorScorecardSchema>;

export const VendorScorecardsSchema = z
  .object({
    startTime: z.number(),
    endTime: z.number(),
    /** Width of each trend point, seconds. */
    bucketSeconds: z.number(),
    vendors: z.array(VendorScorecardSchema),
  })
  .meta({ id: 'VendorScorecards' });
export type VendorScorecards = z.infer<typeof VendorScorecardsSchema>;

export const GAP_KINDS = [
  /** A span whose parent never arrived. */
  'orphan_span',
  /** A browser request got no child while the host it called starts traces of its own. */
  'browser_context_dropped',
  /** A call to one of our services (by peer name or host) that started a new trace there. */
  'service_context_dropped',
  /** A call to a peer with no vendor name: not wrapped, and the peer is not instrumented. */
  'unwrapped_peer_call',
  /** A `peer.service` that never sends spans of its own. */
  'peer_only_service',
  /** A consumer span with neither a parent nor a link to its producer. */
  'queue_context_lost',
] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export const InstrumentationGapSchema = z.object({
  kind: z.enum(GAP_KINDS),
  /** The service where the break shows. */
  service: z.string(),
  /** The peer, host or topic involved, where there is one. */
  subject: z.string().nullable(),
  count: z.number(),
  exampleTraceId: z.string(),
  hint: z.string(),
});
export type InstrumentationGap = z.infer<typeof InstrumentationGapSchema>;

export const InstrumentationGapsSchema = z
  .object({
    startTime: z.number(),
    endTime: z.number(),
    /** A trace is judged once it has had no new span for this long. */
    settleSeconds: z.number(),
    /** Unix seconds: traces with a span after this are still arriving and not judged yet. */
    settledUntil: z.number(),
    gaps: z.array(InstrumentationGapSchema),
  })
  .meta({ id: 'InstrumentationGaps' });
export type InstrumentationGaps = z.infer<typeof InstrumentationGapsSchema>;
