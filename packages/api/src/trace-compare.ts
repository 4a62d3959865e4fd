// Comparing traces: two traces side by side (`GET /api/v1/traces/:a/compare/:b`), or one
// trace against its peers (`GET /api/v1/traces/:traceId/peers`), their span trees aligned
// by the (service, name) path from the root.
import { z } from 'zod';
import { TraceSummarySchema } from './traces.ts';

/** Peers compared at most, and the window (seconds each side of the trace) they are looked for in by default. */
export const MAX_PEERS = 100;
export const DEFAULT_PEER_WINDOW_SECONDS = 3600;

/** One step of a path from the root: a span's service and name. */
export const PathStepSchema = z.object({ service: z.string().nullable(), name: z.string().nullable() }).meta({ id: 'PathStep' });
export type PathStep = z.infer<typeof PathStepSchema>;

/** What one trace spent on one path: its spans there, their summed durations, own time and critical-path time. */
export const PathTimesSchema = z
  .object({
    count: z.number(),
    totalMs: z.number(),
    /** Time of the path's spans not covered by their children. */
    selfMs: z.number(),
    /** Time the path's spans bounded the trace's duration (their share of the critical path). */
    criticalMs: z.number(),
  })
  .meta({ id: 'PathTimes' });
export type PathTimes = z.infer<typeof PathTimesSchema>;

/** A path of either trace, with both traces' times (zeros where a trace lacks it). */
export const ComparedPathSchema = z
  .object({
    path: z.array(PathStepSchema),
    a: PathTimesSchema,
    b: PathTimesSchema,
    /** Spans on the path in b beyond a's count (added), and a's beyond b's (missing). */
    added: z.number(),
    missing: z.number(),
    /** b's total time on the path less a's. */
    diffMs: z.number(),
  })
  .meta({ id: 'ComparedPath' });
export type ComparedPath = z.infer<typeof ComparedPathSchema>;

/** One span of a critical path: the time it, not its children, bounded the trace. */
export const CriticalStepSchema = z
  .object({ spanId: z.string(), path: z.array(PathStepSchema), startUs: z.number(), criticalMs: z.number() })
  .meta({ id: 'CriticalStep' });
export type CriticalStep = z.infer<typeof CriticalStepSchema>;

export const CriticalDifferenceSchema = z.object({ path: z.array(PathStepSchema), aMs: z.number(), bMs: z.number() }).meta({ id: 'CriticalDifference' });
export type CriticalDifference = z.infer<typeof CriticalDifferenceSchema>;

/** A field whose values differ between the aligned spans of some paths (ids and times left out). */
export const AttributeDifferenceSchema = z
  .object({
    field: z.string(),
    /** The field's distinct values in a and in b on those paths, as text, a few at most. */
    a: z.array(z.string()),
    b: z.array(z.string()),
    /** The paths where it differs, the one whose time changed most first; a few at most. */
    paths: z.array(z.array(PathStepSchema)),
    pathCount: z.number(),
  })
  .meta({ id: 'AttributeDifference' });
export type AttributeDifference = z.infer<typeof AttributeDifferenceSchema>;

export const TraceComparisonSchema = z
  .object({
    a: TraceSummarySchema,
    b: TraceSummarySchema,
    /** Depth first from the root, children in the order they first started. */
    paths: z.array(ComparedPathSchema),
    critical: z.object({
      a: z.array(CriticalStepSchema),
      b: z.array(CriticalStepSchema),
      /** Paths whose critical-path time differs, the largest difference first. */
      differences: z.array(CriticalDifferenceSchema),
    }),
    /** The most relevant differing fields: those on the paths whose time changed most. */
    attributes: z.array(AttributeDifferenceSchema),
    /** Differing fields beyond those listed. */
    attributesOmitted: z.number(),
  })
  .meta({ id: 'TraceComparison' });
export type TraceComparison = z.infer<typeof TraceComparisonSchema>;

/** P50 and P95 over the peers that reached the path's parent, a peer without the path counting as 0. */
export const PeerSpreadSchema = z.object({ p50: z.number(), p95: z.number() }).meta({ id: 'PeerSpread' });
export type PeerSpread = z.infer<typeof PeerSpreadSchema>;

export const PeerPathSchema = z
  .object({
    path: z.array(PathStepSchema),
    /** This trace's times (zeros where it lacks the path). */
    trace: PathTimesSchema,
    peers: z.object({
      /** Share of the peers that reached the path's parent with at least one span on the path, 0 to 1. */
      share: z.number(),
      count: PeerSpreadSchema,
      totalMs: PeerSpreadSchema,
      selfMs: PeerSpreadSchema,
    }),
    /** How much of the difference from the peers this path explains, ms (negative: faster). */
    scoreMs: z.number(),
    /** Index in `paths` of the ancestor whose own count changed, which explains this one's. */
    explainedBy: z.number().nullable(),
  })
  .meta({ id: 'PeerPath' });
export type PeerPath = z.infer<typeof PeerPathSchema>;

export const PeerExplanationSchema = z
  .object({
    /** Index in `paths`. */
    path: z.number(),
    scoreMs: z.number(),
    /** E.g. "`ecommerce price` ran 40 times; peers: 3 (P50), 5 (P95), in 100% of them". */
    text: z.string(),
  })
  .meta({ id: 'PeerExplanation' });
export type PeerExplanation = z.infer<typeof PeerExplanationSchema>;

export const PeerTraceSchema = z.object({ traceId: z.string(), startUs: z.number(), durationMs: z.number() }).meta({ id: 'PeerTrace' });
export type PeerTrace = z.infer<typeof PeerTraceSchema>;

export const PeerComparisonSchema = z
  .object({
    trace: TraceSummarySchema,
    /** The peers used, most recent first: traces of the same root name in the root's dataset. */
    peers: z.array(PeerTraceSchema),
    /** Where the peers were looked for (µs), and in which dataset. */
    window: z.object({ startUs: z.number(), endUs: z.number(), dataset: z.string() }),
    /** The peers' root durations. */
    durationMs: PeerSpreadSchema,
    /** Some peers had more spans than are read; their paths are counted from their earliest. */
    truncated: z.boolean(),
    /** Depth first from the root; paths only the peers have come after this trace's at each level. */
    paths: z.array(PeerPathSchema),
    /** The paths that explain most of the difference, most first (a few). */
    ranking: z.array(PeerExplanationSchema),
    critical: z.array(CriticalStepSchema),
  })
  .meta({ id: 'PeerComparison' });
export type PeerComparison = z.infer<typeof PeerComparisonSchema>;
