// One JSON call to a running server's API, as the CLI's client commands make it: the key
// as a bearer token, and the server's own message when it refuses.

/** Where the server is, and the key to call it with. */
export interface ServerTarget {
  url: string;
  apiKey?: string;
}

/**
 * The answer's JSON (`{}` when it has none). `hint` follows the message when the server
 * cannot be reached; with `missingIsNull`, a 404 answers null instead of failing.
 */
export async function callServer(
  target: ServerTarget,
  method: string,
  path: string,
  body?: unknown,
  options: { hint?: string; missingIsNull?: boolean } = {},
): Promise<Record<string, unknown> | null> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  let response: Response;
  try {
    response = await fetch(new URL(path, target.url), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new Error(`cannot reach ${target.url} (${(error as Error).message}); is the server running?${options.hint ? ` ${options.hint}` : ''}`, {
      cause: error,
    });
  }
  const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status === 404 && options.missingIsNull) return null;
  if (!response.ok) throw new Error(`${target.url} answered ${response.status}: ${String(payload.error ?? '')}`);
  return payload;
}
