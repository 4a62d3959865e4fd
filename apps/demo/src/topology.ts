// Where each part of the shop listens: one base port, every part at a fixed offset, all
// on loopback.
export const SERVICES = ['web', 'identity', 'catalog', 'reviews', 'orders', 'support-ingest'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Third parties the shop depends on; uninstrumented, as real SaaS vendors are to us. */
export const VENDORS = ['ecommerce', 'subscriptions', 'fulfilment', 'metrics', 'payments', 'flags', 'mail'] as const;
export type VendorName = (typeof VENDORS)[number];

export interface Topology {
  host: string;
  services: Record<ServiceName, number>;
  vendors: Record<VendorName, number>;
}

export const DEFAULT_BASE_PORT = 4400;

export function topology(basePort = DEFAULT_BASE_PORT): Topology {
  return {
    host: '127.0.0.1',
    services: Object.fromEntries(SERVICES.map((s, i) => [s, basePort + i])) as Record<ServiceName, number>,
    vendors: Object.fromEntries(VENDORS.map((v, i) => [v, basePort + 10 + i])) as Record<VendorName, number>,
  };
}

export const serviceUrl = (t: Topology, s: ServiceName) => `http://${t.host}:${t.services[s]}`;
export const vendorUrl = (t: Topology, v: VendorName) => `http://${t.host}:${t.vendors[v]}`;
