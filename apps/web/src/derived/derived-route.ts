// The derived columns page's permalink: `/derived?dataset=shop` lists and edits one dataset's
// derived columns; `dataset=__all__` the ones every dataset of the environment has.
export const DERIVED_PATH = '/derived';

export type DerivedRoute = { page: 'derived'; dataset: string };

export function derivedRouteFromLocation(pathname: string, search: string): DerivedRoute | null {
  if (pathname !== DERIVED_PATH && pathname !== `${DERIVED_PATH}/`) return null;
  return { page: 'derived', dataset: new URLSearchParams(search).get('dataset') ?? '' };
}

export function derivedHref(dataset: string): string {
  return dataset ? `${DERIVED_PATH}?${new URLSearchParams({ dataset })}` : DERIVED_PATH;
}
