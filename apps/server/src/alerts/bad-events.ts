// The events that burned an SLO's budget, as a BubbleUp request: the SLO's events over a
// time range, with the bad ones (the negation of its good conditions) as the selection.
import type { FilterOp } from '@flashlight/query';
import type { BadEventsRequest, SloInput } from '@flashlight/api';
export type { BadEventsRequest };

const OPPOSITE: Record<FilterOp, FilterOp> = {
  '=': '!=',
  '!=': '=',
  '>': '<=',
  '<=': '>',
  '<': '>=',
  '>=': '<',
  'starts-with': 'does-not-start-with',
  'does-not-start-with': 'starts-with',
  'ends-with': 'does-not-end-with',
  'does-not-end-with': 'ends-with',
  contains: 'does-not-contain',
  'does-not-contain': 'contains',
  exists: 'does-not-exist',
  'does-not-exist': 'exists',
  in: 'not-in',
  'not-in': 'in',
};

/** Post it to `POST /api/v1/bubbleup`, or run its query with the selection's filters to list the bad events. */
export function badEventsBubbleUp(slo: SloInput, startTime: number, endTime: number): BadEventsRequest {
  return {
    dataset: slo.dataset,
    query: { calculations: [{ op: 'COUNT' }], filters: slo.scope, start_time: startTime, end_time: endTime },
    // Not (a AND b) is (not a) OR (not b), and the other way round.
    selection: {
      filters: slo.good.map((f) => ({ ...f, op: OPPOSITE[f.op] })),
      filter_combination: slo.good_combination === 'AND' ? 'OR' : 'AND',
    },
  };
}
