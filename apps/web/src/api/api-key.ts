// The API key the UI signs in with, kept in this browser only. A server on loopback with
// no keys needs none; otherwise every API call carries it as a bearer token.
const STORAGE_KEY = 'flashlight.apiKey';

export function savedApiKey(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}

export function saveApiKey(key: string | null): void {
  if (key) localStorage.setItem(STORAGE_KEY, key);
  else localStorage.removeItem(STORAGE_KEY);
}

export function authorizationHeaders(): Record<string, string> {
  const key = savedApiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}
