// Board permalinks: `/boards` lists them, `/boards/<id>` opens one.
export const BOARDS_PATH = '/boards';

export type BoardsRoute = { page: 'boards'; boardId: string | null };

export function boardsRouteFromPath(pathname: string): BoardsRoute | null {
  if (pathname === BOARDS_PATH || pathname === `${BOARDS_PATH}/`) return { page: 'boards', boardId: null };
  const match = /^\/boards\/([^/]+)\/?$/.exec(pathname);
  return match ? { page: 'boards', boardId: decodeURIComponent(match[1]) } : null;
}

export function boardHref(boardId: string | null): string {
  return boardId === null ? BOARDS_PATH : `${BOARDS_PATH}/${encodeURIComponent(boardId)}`;
}
