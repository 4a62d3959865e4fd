// The boards API: `GET/POST /api/v1/boards`, `GET/PUT/DELETE /api/v1/boards/:id`. A board's
// permalink in the UI is `/boards/:id`. Changes need an admin key (or open mode) and are audited.
import type { Context } from 'hono';
import { actorOf, principalOf } from '../auth/principal.ts';
import { HttpError } from '../http/http-error.ts';
import { readBody } from '../http/read-body.ts';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { parseInput } from '../http/parse-input.ts';
import { environmentOf } from '../http/environment.ts';
import type { ServerContext } from '../server-context.ts';
import { BoardInputSchema, type BoardInput } from '@flashlight/api';
import { BoardStore } from './board-store.ts';
import { Routes } from '../http/routes.ts';

const MAX_BOARD_BODY_BYTES = 256 * 1024;

async function boardInput(c: Context): Promise<BoardInput> {
  return parseInput(BoardInputSchema, parseJsonBody(await readBody(c.req.raw, MAX_BOARD_BODY_BYTES)));
}

const noBoard = (id: string) => new HttpError(404, `no board ${JSON.stringify(id)}`);

export function boardRoutes(ctx: ServerContext): Routes {
  const routes = new Routes();
  const boards = new BoardStore(ctx.control);

  routes.get('/api/v1/boards', 'read', async (c) => c.json(await boards.list(environmentOf(c))));

  routes.post('/api/v1/boards', 'admin', async (c) => c.json(await boards.create(environmentOf(c), await boardInput(c), actorOf(principalOf(c))), 201));

  routes.get('/api/v1/boards/:id', 'read', async (c) => {
    const board = await boards.get(environmentOf(c), c.req.param('id'));
    if (!board) throw noBoard(c.req.param('id'));
    return c.json(board);
  });

  routes.put('/api/v1/boards/:id', 'admin', async (c) => {
    const id = c.req.param('id');
    if (!(await boards.update(environmentOf(c), id, await boardInput(c), actorOf(principalOf(c))))) throw noBoard(id);
    return c.json(await boards.get(environmentOf(c), id));
  });

  routes.delete('/api/v1/boards/:id', 'admin', async (c) => {
    const id = c.req.param('id');
    if (!(await boards.remove(environmentOf(c), id, actorOf(principalOf(c))))) throw noBoard(id);
    return c.body(null, 204);
  });

  return routes;
}
