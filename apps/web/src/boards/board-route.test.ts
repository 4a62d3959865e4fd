import { expect, test } from 'vitest';
import { boardHref, boardsRouteFromPath } from './board-route.ts';

test('board permalinks round-trip, ids with odd characters included', () => {
  for (const id of [null, 'a1b2', 'x/y z']) expect(boardsRouteFromPath(boardHref(id))).toEqual({ page: 'boards', boardId: id });
  expect(boardsRouteFromPath('/boardsx')).toBeNull();
});
