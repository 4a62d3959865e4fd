// How the flow pages write rates, shares and latencies.
import { formatNumber } from '../results/chart-axes.ts';

export const formatRate = (perSecond: number) => `${formatNumber(perSecond)}/s`;
export const formatShare = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 1)}%`);
export const formatMs = (ms: number | null) => (ms === null ? '–' : ms >= 1000 ? `${formatNumber(ms / 1000)} s` : `${formatNumber(ms)} ms`);
