// A random id for the tab's session, kept in sessionStorage so reloads and navigations
// within the tab share it; a new tab starts a new session.
import { randomHex } from './ids.ts';

const STORAGE_KEY = 'flashlight.session_id';

export function sessionId(): string {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (stored) return stored;
    const id = randomHex(16);
    sessionStorage.setItem(STORAGE_KEY, id);
    return id;
  } catch {
    // storage is blocked (privacy settings, sandboxed frames): a session per page load
    return randomHex(16);
  }
}
