// Where inherited fields may travel as W3C baggage: only to the hosts and queue topics the
// user lists, so user ids and the like never leak to third parties.
import { INVALID_PROPAGATION_TARGETS } from './messages.ts';
import { warnOnce } from './warn-once.ts';

/** Where an outgoing request or message goes, as its client/producer span describes it. */
export interface Destination {
  host?: string;
  port?: number;
  topic?: string;
}

export type PropagationTargets = (destination: Destination) => boolean;

const DOMAIN = /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/;
// Host names, host:port and topic names alike are single tokens.
const TOKEN = /^[^\s,;*]+$/;

/**
 * Entries: `api.internal` (any port), `localhost:4001`, `*.corp.example` (subdomains),
 * or a queue topic name such as `emails`. Anything else is dropped with a warning.
 */
export function propagationTargets(entries: readonly string[]): PropagationTargets {
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of entries) {
    const entry = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
    if (entry.startsWith('*.') && DOMAIN.test(entry.slice(2))) suffixes.push(entry.slice(1));
    else if (TOKEN.test(entry)) hosts.add(entry);
    else warnOnce(INVALID_PROPAGATION_TARGETS, `entry ${JSON.stringify(raw)}`);
  }
  if (hosts.size === 0 && suffixes.length === 0) return () => false;
  return ({ host, port, topic }) => {
    if (topic !== undefined && hosts.has(topic.toLowerCase())) return true;
    if (host === undefined) return false;
    const name = host.toLowerCase();
    if (hosts.has(name) || (port !== undefined && hosts.has(`${name}:${port}`))) return true;
    return suffixes.some((suffix) => name.endsWith(suffix));
  };
}
