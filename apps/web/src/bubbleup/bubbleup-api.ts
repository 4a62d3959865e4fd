// The BubbleUp API as the UI calls it; the answer's types come from the server.
import { request } from '../api/client.ts';
import type { QuerySpec } from '../api/query-spec.ts';
import type { BubbleUpSelection } from './bubbleup-selection.ts';
import type { BubbleUpResult } from '../../../server/src/bubbleup/run-bubbleup.ts';

export type { BubbleUpResult } from '../../../server/src/bubbleup/run-bubbleup.ts';
export type { RankedColumn, ValueShare } from '../../../server/src/bubbleup/rank-columns.ts';

export function fetchBubbleUp(dataset: string, query: QuerySpec, selection: BubbleUpSelection, signal?: AbortSignal): Promise<BubbleUpResult> {
  return request('/api/v1/bubbleup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dataset, query, selection }),
    signal,
  });
}
