// How each fake SaaS vendor behaves: its usual latency and error rate, and what the
// vendor-outage incident does to it (fulfilment slows, then fails; the flag vendor goes
// offline).
import type { VendorName } from '../topology.ts';

export interface VendorMood {
  /** Median latency of an answer. */
  medianMs: number;
  /** Share of requests answered 5xx. */
  errorRate: number;
  /** Not listening at all: connections are refused. */
  offline: boolean;
}

const USUAL: Record<VendorName, Omit<VendorMood, 'offline'>> = {
  ecommerce: { medianMs: 25, errorRate: 0.002 },
  subscriptions: { medianMs: 15, errorRate: 0.002 },
  fulfilment: { medianMs: 60, errorRate: 0.005 },
  metrics: { medianMs: 10, errorRate: 0.01 },
  payments: { medianMs: 120, errorRate: 0.01 },
  flags: { medianMs: 5, errorRate: 0 },
  mail: { medianMs: 80, errorRate: 0.02 },
};

/** How long fulfilment stays slow before it fails outright, once the outage starts (tests shorten it). */
export const FULFILMENT_SLOW_PHASE_MS = Number(process.env.DEMO_OUTAGE_SLOW_MS ?? 20_000);

export function vendorMood(vendor: VendorName, outageForMs: number): VendorMood {
  const usual = { ...USUAL[vendor], offline: false };
  if (outageForMs <= 0) return usual;
  if (vendor === 'flags') return { ...usual, offline: true };
  if (vendor === 'fulfilment') {
    return outageForMs < FULFILMENT_SLOW_PHASE_MS ? { medianMs: 2500, errorRate: 0.1, offline: false } : { medianMs: 40, errorRate: 1, offline: false };
  }
  return usual;
}
