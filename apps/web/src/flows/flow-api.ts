// The flow APIs as the UI calls them; the answers' types come from the API contract.
import type { InstrumentationGaps, ServiceMap, VendorScorecards } from '@flashlight/api';
import { request } from '../api/client.ts';
import { flowApiSearch, type FlowQuery } from './flow-route.ts';

export type {
  ServiceMap,
  MapNode,
  MapEdge,
  NodeKind,
  FlowStats,
  VendorScorecards,
  VendorScorecard,
  InstrumentationGaps,
  InstrumentationGap,
  SeriesPoint,
} from '@flashlight/api';

export const fetchServiceMap = (query: FlowQuery, signal?: AbortSignal) => request<ServiceMap>(`/api/v1/service-map?${flowApiSearch(query)}`, { signal });
export const fetchVendors = (query: FlowQuery, signal?: AbortSignal) => request<VendorScorecards>(`/api/v1/vendors?${flowApiSearch(query)}`, { signal });
export const fetchGaps = (query: FlowQuery, signal?: AbortSignal) => request<InstrumentationGaps>(`/api/v1/gaps?${flowApiSearch(query)}`, { signal });
