// The query and schema APIs as the UI calls them. Every failure becomes an ApiError whose
// message says what went wrong (the server's own message where it sent one).
import type { BubbleUpResult, BubbleUpSelection, PeerComparison, Trace, TraceComparison } from '@flashlight/api';
import { authorizationHeaders } from './api-key.ts';
import { ALL_DATASETS, type ColumnSummary, type DatasetSummary, type FieldValue, type QueryResult, type QuerySpec } from './query-spec.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Where in the query the problem is, e.g. `filters[0].column`. */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How often a request the server refused to start is sent again, and the longest wait it asks for that is honoured. */
const RETRIES = 4;
const LONGEST_RETRY_AFTER_S = 2;

export async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(url, { ...init, headers: { ...authorizationHeaders(), ...(init.headers as Record<string, string>) } });
    } catch (error) {
      throw new ApiError(`cannot reach the Flashlight server (${(error as Error).message})`, 0);
    }
    // A board or page asks several questions at once, and a busy server refuses the ones
    // past its limit before starting them, asking to be called again in a second: those are
    // sent again. A longer wait means work that ran out of time, which is not re-run.
    const retryAfter = Number(response.headers.get('retry-after'));
    const refused = (response.status === 429 || response.status === 503) && retryAfter > 0 && retryAfter <= LONGEST_RETRY_AFTER_S;
    if (!refused || attempt >= RETRIES || init.signal?.aborted) break;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(`${url} answered ${response.status} with something other than JSON`, response.status);
  }
  if (!response.ok) {
    const { error, path } = (body ?? {}) as { error?: unknown; path?: unknown };
    const message = typeof error === 'string' ? error : `${url} failed with status ${response.status}`;
    throw new ApiError(message, response.status, typeof path === 'string' ? path : undefined);
  }
  return body as T;
}

/** The request options of a call that sends JSON. */
export const jsonBody = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const TOP_VALUES = 50;

/** The most common values of a field in the query's time range, for filter suggestions. */
export async function topValues(dataset: string, column: string, timeOf: QuerySpec, signal?: AbortSignal): Promise<FieldValue[]> {
  const { time_range, start_time, end_time } = timeOf;
  const query: QuerySpec = {
    calculations: [{ op: 'COUNT' }],
    breakdowns: [column],
    orders: [{ op: 'COUNT', order: 'descending' }],
    limit: TOP_VALUES,
    time_range,
    start_time,
    end_time,
  };
  const result = await runQuery(dataset, query, signal);
  return result.results.map((r) => r.data[column]).filter((v): v is FieldValue => v !== null && typeof v !== 'object');
}

/** Who the UI acts as: the key's environment and kind, or open mode. */
export interface Identity {
  environment: string;
  kind: string;
  name: string | null;
  open: boolean;
}

export function fetchIdentity(signal?: AbortSignal): Promise<Identity> {
  return request('/api/v1/whoami', { signal });
}

export function fetchDatasets(signal?: AbortSignal): Promise<DatasetSummary[]> {
  return request('/api/v1/datasets', { signal });
}

export async function fetchColumns(dataset: string, datasets: readonly DatasetSummary[], signal?: AbortSignal): Promise<ColumnSummary[]> {
  if (dataset !== ALL_DATASETS) {
    return request(`/api/v1/datasets/${encodeURIComponent(dataset)}/columns`, { signal });
  }
  // Across all datasets: every column any dataset has, once.
  const lists = await Promise.all(datasets.map((d) => fetchColumns(d.name, datasets, signal)));
  const byName = new Map<string, ColumnSummary>();
  for (const column of lists.flat()) if (!byName.has(column.name)) byName.set(column.name, column);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function runQuery(dataset: string, query: QuerySpec, signal?: AbortSignal): Promise<QueryResult> {
  const body = await request<{ data?: Partial<QueryResult> }>('/api/v1/query', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dataset, query }),
    signal,
  });
  return { series: body.data?.series ?? [], results: body.data?.results ?? [], ...(body.data?.traces ? { traces: body.data.traces } : {}) };
}

/** The trace API's answer: spans in depth-first order with their span events and links. */
export type TraceResponse = Trace;

export function fetchTrace(traceId: string, signal?: AbortSignal): Promise<TraceResponse> {
  return request(`/api/v1/traces/${encodeURIComponent(traceId)}`, { signal });
}

/** Two traces side by side, aligned by (service, name) path. */
export function fetchTraceComparison(traceId: string, otherTraceId: string, signal?: AbortSignal): Promise<TraceComparison> {
  return request(`/api/v1/traces/${encodeURIComponent(traceId)}/compare/${encodeURIComponent(otherTraceId)}`, { signal });
}

/** A trace against its peers: the most recent traces of its root name around it. */
export function fetchPeerComparison(traceId: string, signal?: AbortSignal): Promise<PeerComparison> {
  return request(`/api/v1/traces/${encodeURIComponent(traceId)}/peers`, { signal });
}

export type { BubbleUpResult, BubbleUpSelection };

/** BubbleUp: the columns that best tell a selected slice of the query's events from the rest; near-unique ones only when asked. */
export function runBubbleUp(
  dataset: string,
  query: QuerySpec,
  selection: BubbleUpSelection,
  nearUnique: boolean,
  signal?: AbortSignal,
): Promise<BubbleUpResult> {
  return request('/api/v1/bubbleup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dataset, query, selection, near_unique: nearUnique }),
    signal,
  });
}
