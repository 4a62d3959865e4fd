// The flow APIs as the UI calls them; the answers' types come from the server.
import { request } from '../api/client.ts';
import { flowApiSearch, type FlowQuery } from './flow-route.ts';
import type { ServiceMap } from '../../../server/src/flows/service-map.ts';
import type { VendorScorecards } from '../../../server/src/flows/vendor-scorecards.ts';
import type { InstrumentationGaps } from '../../../server/src/flows/instrumentation-gaps.ts';

export type { ServiceMap, MapNode, MapEdge, NodeKind } from '../../../server/src/flows/service-map.ts';
export type { FlowStats } from '../../../server/src/flows/flow-stats.ts';
export type { VendorScorecards, VendorScorecard } from '../../../server/src/flows/vendor-scorecards.ts';
export type { InstrumentationGaps, InstrumentationGap } from '../../../server/src/flows/instrumentation-gaps.ts';
export type { SeriesPoint } from '../../../server/src/flows/map-series.ts';

export const fetchServiceMap = (query: FlowQuery, signal?: AbortSignal) => request<ServiceMap>(`/api/v1/service-map?${flowApiSearch(query)}`, { signal });
export const fetchVendors = (query: FlowQuery, signal?: AbortSignal) => request<VendorScorecards>(`/api/v1/vendors?${flowApiSearch(query)}`, { signal });
export const fetchGaps = (query: FlowQuery, signal?: AbortSignal) => request<InstrumentationGaps>(`/api/v1/gaps?${flowApiSearch(query)}`, { signal });
