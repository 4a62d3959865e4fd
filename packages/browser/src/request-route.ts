// A request's route: its URL with the parts that vary per call (ids, numbers, query
// values) replaced, so `/api/products?page=3` and `?page=4` count as the same request.

const VARYING_SEGMENT = [
  /^\d+$/, // numeric ids and page numbers
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUIDs
  /^[0-9a-f]{16,}$/i, // hashes, object ids
  /^(?=.*\d)[\w-]{20,}$/, // long opaque tokens with digits
];

export function normalizePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (VARYING_SEGMENT.some((pattern) => pattern.test(segment)) ? ':id' : segment))
    .join('/');
}

/** Path with ids as `:id` and query keys (sorted, deduplicated) with their values as `*`. */
export function normalizeRoute(url: URL): string {
  const keys = [...new Set(url.searchParams.keys())].sort();
  return normalizePath(url.pathname) + (keys.length ? '?' + keys.map((key) => key + '=*').join('&') : '');
}
