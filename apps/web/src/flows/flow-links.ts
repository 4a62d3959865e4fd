// Where a click on the map leads: the query that shows a node's spans, or a trace.
import { ALL_DATASETS, type QuerySpec } from '../api/query-spec.ts';
import { routeToHref } from '../query/url-state.ts';
import type { MapNode } from './flow-api.ts';
import type { FlowQuery } from './flow-route.ts';

const LATENCY: QuerySpec['calculations'] = [{ op: 'COUNT' }, { op: 'P50', column: 'duration_ms' }, { op: 'P99', column: 'duration_ms' }];

/** The query over a node's spans in the same time range; null for a peer known only by host. */
export function nodeQueryHref(node: Pick<MapNode, 'kind' | 'name'>, range: FlowQuery): string | null {
  const time = { time_range: range.time_range, start_time: range.start_time, end_time: range.end_time };
  const query = (dataset: string, spec: QuerySpec) => routeToHref({ page: 'query', state: { dataset, query: { ...time, ...spec }, columns: [] } });
  switch (node.kind) {
    case 'service':
    case 'browser':
      return query(node.name, { calculations: LATENCY, breakdowns: ['name'] });
    case 'vendor':
      return query(ALL_DATASETS, { calculations: LATENCY, filters: [{ column: 'vendor.name', op: '=', value: node.name }], breakdowns: ['vendor.outcome'] });
    case 'queue':
      return query(ALL_DATASETS, {
        calculations: LATENCY,
        filters: [{ column: 'messaging.destination.name', op: '=', value: node.name }],
        breakdowns: ['service.name', 'span.kind'],
      });
    case 'peer':
      return null;
  }
}

export const traceHref = (traceId: string) => routeToHref({ page: 'trace', traceId, spanId: null });
