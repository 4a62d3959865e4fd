// The shop's fixed data shape, shared by the services that hold it and the traffic that
// uses it.
import { ENTERPRISE_TEAM } from '../incidents.ts';

export const USER_COUNT = 2000;
export const TEAMS = [ENTERPRISE_TEAM, 'acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'tyrell', 'cyberdyne', 'soylent', 'wonka'];

/** The team of user n: every fourth user is in the enterprise team. */
export function teamOfUser(n: number): string {
  return n % 4 === 0 ? ENTERPRISE_TEAM : TEAMS[1 + (n % (TEAMS.length - 1))];
}

/** 150 products in pages of 20: the last page is short. */
export const PRODUCT_COUNT = 150;
export const PAGE_SIZE = 20;

/** The support queue: its topic, and the file that holds it in the demo's data directory. */
export const SUPPORT_TOPIC = 'support-inbox';
export const SUPPORT_QUEUE_FILE = 'support-inbox.jsonl';
