// The incidents the demo can switch on, each one findable in Flashlight (the README's
// guided tour says where to look).
export const INCIDENTS = {
  'runaway-scroll': 'a storefront build whose infinite scroll refetches on every scroll event, and at once on short pages',
  'vendor-outage': 'fulfilment slows down, then fails; the flag vendor goes offline and flags fall back to defaults',
  'team-slow': "the enterprise team's large carts make checkout slow for them only",
  'bad-deploy': 'a new orders version adds latency on POST /orders',
} as const;

export type IncidentName = keyof typeof INCIDENTS;

export function isIncident(name: string): name is IncidentName {
  return Object.hasOwn(INCIDENTS, name);
}

/** Storefront builds: the bad one carries the infinite-scroll bug. */
export const STOREFRONT_BUILD = { good: '5.2.0', bad: '5.3.0-beta.1' } as const;
/** Orders service versions: the bad deploy adds latency. */
export const ORDERS_VERSION = { good: '2.3.0', bad: '2.4.0' } as const;
/** The one big enterprise team. */
export const ENTERPRISE_TEAM = 'megacorp';
