// Secure defaults: Flashlight runs open only while no API key was ever created in its
// data directory and nothing but this machine can reach it. Revoking every key does not
// re-open it: keys stay revoked, and a new admin key is made offline (`flashlight keys
// create --data`). On any other address it refuses to start until an active key exists.
import { ConfigError } from '../config.ts';
import type { KeyRing } from './key-ring.ts';

export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function isOpenMode(host: string, keys: KeyRing): boolean {
  return isLoopbackHost(host) && !keys.everHadKeys;
}

export const CREATE_FIRST_KEY_HINT = 'create an admin key first: flashlight keys create --data DIR --kind admin --environment prod --name ops';

/** A configuration error: `flashlight serve` prints it and exits like any bad setting. */
export class NoKeysError extends ConfigError {
  constructor(host: string) {
    super(
      `refusing to listen on ${host} without API keys: anyone who can reach it could read and write everything; ${CREATE_FIRST_KEY_HINT} (or listen on 127.0.0.1)`,
    );
    this.name = 'NoKeysError';
  }
}
