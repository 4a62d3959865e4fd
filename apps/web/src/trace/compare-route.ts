// The trace comparison's URL: `/trace/<id>/compare` against its peers, or
// `/trace/<id>/compare?with=<other id>` against another trace. Reading one never throws.

export interface CompareRoute {
  traceId: string;
  /** The other trace; null to compare with the trace's peers. */
  other: string | null;
}

export function compareHref(route: CompareRoute): string {
  const other = route.other ? `?with=${encodeURIComponent(route.other)}` : '';
  return `/trace/${encodeURIComponent(route.traceId)}/compare${other}`;
}

export function compareRouteFromLocation(pathname: string, search: string): CompareRoute | null {
  const match = /^\/trace\/([^/]+)\/compare\/?$/.exec(pathname);
  if (!match) return null;
  let traceId: string;
  try {
    traceId = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  const other = new URLSearchParams(search).get('with')?.trim();
  return { traceId, other: other ? other : null };
}
