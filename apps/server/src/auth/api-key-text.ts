// The text of an API key: `fl_<id>_<secret>`, where the id is a short public prefix that
// names the key in lists and logs, and the secret is 32 random bytes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PATTERN = /^fl_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewKeyText {
  id: string;
  text: string;
  secretHash: string;
}

export function generateKeyText(): NewKeyText {
  const id = randomBytes(6).toString('hex');
  const text = `fl_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, text, secretHash: hashKeyText(text) };
}

/**
 * A plain SHA-256 is the right hash here: the key holds 256 random bits, so there is
 * nothing to brute-force and a slow password hash would only slow every request.
 */
export function hashKeyText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The key's public id, or null when the text is not shaped like one of our keys. */
export function keyIdOf(text: string): string | null {
  return KEY_PATTERN.exec(text)?.[1] ?? null;
}

/** Compares in constant time, so response timing says nothing about the stored hash. */
export function keyTextMatches(text: string, secretHash: string): boolean {
  const given = Buffer.from(hashKeyText(text), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
