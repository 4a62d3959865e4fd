// Honeycomb's boards API (classic boards: a list of saved queries) over the native boards:
// `GET/POST /1/boards`, `GET/PUT/DELETE /1/boards/{id}`. Each board query names a query
// saved by `POST /1/queries`; the native board keeps the spec itself, so a board reads the
// same in the UI, and the Honeycomb-only fields (style, layout, query ids) are kept beside it.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/principal.ts';
import { BoardStore } from '../boards/board-store.ts';
import type { Board, BoardInput, BoardQuery } from '../boards/board-schema.ts';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import type { HoneycombContext } from './honeycomb-context.ts';
import { honeycombInput, publicOrigin } from './honeycomb-input.ts';

const QUERY_STYLES = ['graph', 'table', 'combo'] as const;

export const BoardQueryInputSchema = z.object({
  caption: z.string().max(200).default(''),
  query_style: z.enum(QUERY_STYLES).default('graph'),
  /** Optional in Honeycomb too: the saved query knows its dataset. */
  dataset: z.string().min(1).max(255).optional(),
  query_id: z.string().min(1),
  query_annotation_id: z.string().optional(),
  graph_settings: z.record(z.string(), z.unknown()).default({}),
});

export const BoardInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  type: z.literal('classic', 'only classic boards (a list of queries) are supported; flexible boards with panels are not yet').default('classic'),
  style: z.enum(['visual', 'list']).default('visual'),
  column_layout: z.enum(['multi', 'single']).default('multi'),
  queries: z.array(BoardQueryInputSchema).max(50).default([]),
});
type HoneycombBoardInput = z.infer<typeof BoardInputSchema>;
type HoneycombBoardQuery = z.infer<typeof BoardQueryInputSchema>;

export const BoardSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.literal('classic'),
  style: z.string(),
  column_layout: z.string(),
  queries: z.array(z.record(z.string(), z.unknown())),
  links: z.object({ board_url: z.string() }),
});
export type HoneycombBoard = z.infer<typeof BoardSchema>;

/** The Honeycomb fields a native board has no place for. */
type BoardExtras = Pick<HoneycombBoardInput, 'style' | 'column_layout' | 'queries'>;

const CHART_OF_STYLE = { graph: 'line', combo: 'line', table: 'table' } as const;

function boardView(c: Context, board: Board, extras: BoardExtras | undefined): HoneycombBoard {
  // A board made in the UI has no saved query ids: its queries carry their specs inline, as Honeycomb's older boards did.
  const queries = extras?.queries ?? board.queries.map((q) => ({ caption: q.title, query_style: q.chart === 'table' ? 'table' : 'graph', dataset: q.dataset, query: q.query }));
  return {
    id: board.id,
    name: board.name,
    description: board.description,
    type: 'classic',
    style: extras?.style ?? 'visual',
    column_layout: extras?.column_layout ?? 'multi',
    queries,
    links: { board_url: `${publicOrigin(c)}/boards/${encodeURIComponent(board.id)}` },
  };
}

export function boardRoutes(ctx: HoneycombContext): Hono {
  const app = new Hono();
  const boards = new BoardStore(ctx.control);
  const extrasOf = async (c: Context, id: string) => (await ctx.objects.get<BoardExtras>('board', environmentOf(c), id))?.body;
  const found = async (c: Context): Promise<Board> => {
    const id = c.req.param('id') ?? '';
    const board = await boards.get(environmentOf(c), id);
    if (!board) throw new HttpError(404, `Board not found: no board ${JSON.stringify(id)}`);
    return board;
  };

  /** The native board for the input: each query's spec from the saved query it names. */
  const nativeInput = async (c: Context, input: HoneycombBoardInput, existing?: Board): Promise<BoardInput> => {
    const queries: BoardQuery[] = [];
    for (const [i, q] of input.queries.entries()) {
      const saved = await savedQueryAnywhere(c, q, i);
      queries.push({ title: q.caption || `Query ${i + 1}`, dataset: saved.dataset, query: saved.body, chart: CHART_OF_STYLE[q.query_style] });
    }
    return { name: input.name, description: input.description, time_range: existing?.time_range ?? 3600, filters: existing?.filters ?? [], queries };
  };
  const savedQueryAnywhere = async (c: Context, q: HoneycombBoardQuery, i: number) => {
    const saved = await ctx.objects.get<Record<string, unknown>>('query', environmentOf(c), q.query_id);
    if (!saved) throw new HttpError(422, `queries.${i}.query_id: no saved query ${JSON.stringify(q.query_id)}; save it with POST /1/queries/{dataset} first`);
    if (q.dataset !== undefined && q.dataset !== saved.dataset) throw new HttpError(422, `queries.${i}.dataset: query ${q.query_id} was saved on ${JSON.stringify(saved.dataset)}`);
    return saved;
  };
  const saveExtras = (c: Context, id: string, input: HoneycombBoardInput) => {
    const now = new Date();
    return ctx.objects.put<BoardExtras>({
      kind: 'board',
      environment: environmentOf(c),
      id,
      dataset: '__all__',
      body: { style: input.style, column_layout: input.column_layout, queries: input.queries },
      createdAt: now,
      updatedAt: now,
    });
  };

  app.get('/1/boards', async (c) => {
    const all = await boards.list(environmentOf(c));
    return c.json(await Promise.all(all.map(async (b) => boardView(c, b, await extrasOf(c, b.id)))));
  });

  app.get('/1/boards/:id', async (c) => {
    const board = await found(c);
    return c.json(boardView(c, board, await extrasOf(c, board.id)));
  });

  app.post('/1/boards', async (c) => {
    const input = await honeycombInput(c, BoardInputSchema);
    const board = await boards.create(environmentOf(c), await nativeInput(c, input), actorOf(principalOf(c)));
    await saveExtras(c, board.id, input);
    return c.json(boardView(c, board, await extrasOf(c, board.id)), 201);
  });

  app.put('/1/boards/:id', async (c) => {
    const existing = await found(c);
    const input = await honeycombInput(c, BoardInputSchema);
    await boards.update(environmentOf(c), existing.id, await nativeInput(c, input, existing), actorOf(principalOf(c)));
    await saveExtras(c, existing.id, input);
    return c.json(boardView(c, (await boards.get(environmentOf(c), existing.id))!, await extrasOf(c, existing.id)));
  });

  app.delete('/1/boards/:id', async (c) => {
    const board = await found(c);
    await boards.remove(environmentOf(c), board.id, actorOf(principalOf(c)));
    await ctx.objects.remove('board', environmentOf(c), board.id);
    return c.body(null, 204);
  });

  return app;
}
