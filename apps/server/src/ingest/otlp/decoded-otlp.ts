// What decoding one OTLP request yields: events per dataset, and the items that could not
// become events, for the route's answer (OTLP partial_success).
import type { DatasetBatch } from '../../events/wide-event.ts';

export interface DecodedOtlp {
  batches: DatasetBatch[];
  /** Spans or log records rejected one by one; the rest of the request is kept. */
  rejected: number;
  /** Why items were rejected or trimmed; absent when all were taken whole. */
  errorMessage?: string;
}
