// The boards API and the export endpoints as the UI calls them.
import { authorizationHeaders } from '../api/api-key.ts';
import { ApiError, request } from '../api/client.ts';
import type { QuerySpec } from '../api/query-spec.ts';

export const CHART_TYPES = ['line', 'stacked', 'heatmap', 'table'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export interface BoardQuery {
  title: string;
  dataset: string;
  query: QuerySpec;
  chart: ChartType;
}

export interface BoardInput {
  name: string;
  description: string;
  time_range: number;
  filters: NonNullable<QuerySpec['filters']>;
  queries: BoardQuery[];
}

export interface Board extends BoardInput {
  id: string;
  created_at: string;
  updated_at: string;
  created_by: string;
}

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const listBoards = (signal?: AbortSignal) => request<Board[]>('/api/v1/boards', { signal });
export const fetchBoard = (id: string, signal?: AbortSignal) => request<Board>(`/api/v1/boards/${encodeURIComponent(id)}`, { signal });
export const createBoard = (board: BoardInput) => request<Board>('/api/v1/boards', json('POST', board));
export const saveBoard = (id: string, board: BoardInput) => request<Board>(`/api/v1/boards/${encodeURIComponent(id)}`, json('PUT', board));
export const deleteBoard = (id: string) => fetch(`/api/v1/boards/${encodeURIComponent(id)}`, { method: 'DELETE', headers: authorizationHeaders() });

/** A panel's query as it runs on the board: the board's time range, its filters added. */
export function panelQuery(board: BoardInput, panel: BoardQuery): QuerySpec {
  const { start_time: _start, end_time: _end, ...own } = panel.query;
  // The board's filters are on events, which a per panel's block reads (its other filters read entity rows).
  if (own.per) return { ...own, time_range: board.time_range, per: { ...own.per, filters: [...(own.per.filters ?? []), ...board.filters] } };
  return { ...own, time_range: board.time_range, filters: [...(panel.query.filters ?? []), ...board.filters] };
}

/** Saves a query's answer as a file: CSV from the server, JSON as the API answers it. */
export async function downloadResult(dataset: string, query: QuerySpec, format: 'csv' | 'json', filename: string): Promise<void> {
  const path = format === 'csv' ? '/api/v1/query/csv' : '/api/v1/query';
  const response = await fetch(path, { ...json('POST', { dataset, query }), headers: { 'content-type': 'application/json', ...authorizationHeaders() } });
  if (!response.ok) throw new ApiError(`export failed with status ${response.status}`, response.status);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${filename}.${format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
