// @flashlight/api: Flashlight's HTTP contract, shared by the server, the web app, the CLI
// and the kits: zod schemas with their types, the route list, and the OpenAPI document.
export { ApiErrorSchema, FieldValueSchema, FieldsSchema, FieldTypeSchema, MAX_UNIX_SECONDS } from './common.ts';
export type { ApiError, FieldValue } from './common.ts';
export { QueryRequestSchema, QueryResultSchema, DatasetSchema, ColumnSchema } from './query.ts';
export type { QueryRequest, Dataset, Column } from './query.ts';
export { TraceSchema, TraceSpanSchema, TraceSummarySchema, TraceAnnotationSchema } from './traces.ts';
export { criticalPath } from './critical-path.ts';
export type { CriticalPathStep, PathSpan } from './critical-path.ts';
export type { Trace, TraceSpan, TraceSummary, TraceAnnotation } from './traces.ts';
export {
  PathStepSchema,
  PathTimesSchema,
  ComparedPathSchema,
  CriticalStepSchema,
  CriticalDifferenceSchema,
  AttributeDifferenceSchema,
  TraceComparisonSchema,
  PeerSpreadSchema,
  PeerPathSchema,
  PeerExplanationSchema,
  PeerTraceSchema,
  PeerComparisonSchema,
  MAX_PEERS,
  DEFAULT_PEER_WINDOW_SECONDS,
} from './trace-compare.ts';
export type {
  PathStep,
  PathTimes,
  ComparedPath,
  CriticalStep,
  CriticalDifference,
  AttributeDifference,
  TraceComparison,
  PeerSpread,
  PeerPath,
  PeerExplanation,
  PeerTrace,
  PeerComparison,
} from './trace-compare.ts';
export {
  FlowStatsSchema,
  SeriesPointSchema,
  MapNodeSchema,
  MapEdgeSchema,
  ServiceMapSchema,
  TrendPointSchema,
  RecoverySchema,
  VendorScorecardSchema,
  VendorScorecardsSchema,
  InstrumentationGapSchema,
  InstrumentationGapsSchema,
  NODE_KINDS,
  EDGE_KINDS,
  GAP_KINDS,
} from './flows.ts';
export type {
  FlowStats,
  SeriesPoint,
  NodeKind,
  EdgeKind,
  MapNode,
  MapEdge,
  ServiceMap,
  TrendPoint,
  Recovery,
  VendorScorecard,
  VendorScorecards,
  GapKind,
  InstrumentationGap,
  InstrumentationGaps,
} from './flows.ts';
export { BubbleUpSelectionSchema, BubbleUpRequestSchema, BubbleUpResultSchema, RankedColumnSchema, ValueShareSchema, SideSampleSchema } from './bubbleup.ts';
export type { BubbleUpSelection, BubbleUpRequest, BubbleUpResult, RankedColumn, ValueShare, SideSample } from './bubbleup.ts';
export { EntityRequestSchema, EntityLensSchema, KeyNumbersSchema, EntityRankSchema, TailEventSchema } from './entity.ts';
export type { EntityRequest, EntityLens, KeyNumbers, EntityRank, TailEvent } from './entity.ts';
export { MarkerInputSchema, MarkerSchema } from './markers.ts';
export { DerivedColumnInputSchema, DerivedColumnSchema } from './derived-columns.ts';
export type { DerivedColumnInput, DerivedColumn } from './derived-columns.ts';
export type { MarkerInput, Marker } from './markers.ts';
export { BeforeAfterSchema, WindowNumbersSchema, WindowStatsSchema, EntryPointChangeSchema, MOVED_NUMBERS } from './changes.ts';
export type { BeforeAfter, WindowNumbers, WindowStats, EntryPointChange, MovedNumber } from './changes.ts';
export {
  WebhookSchema,
  TriggerInputSchema,
  SloInputSchema,
  SloStatusSchema,
  SloStatusAnswerSchema,
  BurnDownPointSchema,
  BadEventsRequestSchema,
  AlertItemSchema,
  DeliverySchema,
  THRESHOLD_OPS,
  BURN_ALERT_NAMES,
} from './alerts.ts';
export type { TriggerInput, SloInput, SloStatus, SloStatusAnswer, BurnDownPoint, BadEventsRequest, AlertItem, ThresholdOp, BurnAlertName } from './alerts.ts';
export {
  FINDING_KINDS,
  FindingKindSchema,
  FindingChangeSchema,
  FindingCauseSchema,
  FindingExplanationSchema,
  FindingSchema,
  FindingsSchema,
  FindingsQuerySchema,
  ExpectedInputSchema,
  FindingQuietInputSchema,
  FindingQuietRuleSchema,
} from './findings.ts';
export type {
  FindingKind,
  FindingChange,
  FindingCause,
  FindingExplanation,
  Finding,
  Findings,
  ExpectedInput,
  FindingQuietInput,
  FindingQuietRule,
} from './findings.ts';
export { BoardInputSchema, BoardQuerySchema, BoardSchema, CHART_TYPES } from './boards.ts';
export type { BoardInput, BoardQuery, Board, ChartType } from './boards.ts';
export { KEY_KINDS, EnvironmentNameSchema, NewApiKeySchema, ApiKeySchema, CreatedApiKeySchema, WhoAmISchema, AuditEntrySchema } from './keys.ts';
export type { KeyKind, NewApiKey, ApiKey, CreatedApiKey, WhoAmI, AuditEntry } from './keys.ts';
export { API_ROUTES } from './routes.ts';
export type { ApiRoute, HttpMethod } from './routes.ts';
export { openApiDocument } from './openapi.ts';
export type { OpenApiDocument } from './openapi.ts';
