// Honeycomb's boards API over the native boards: `GET/POST /1/boards`, `GET/PUT/DELETE
// /1/boards/{id}`. A flexible board's query panels (or a classic board's queries) name
// queries saved by `POST /1/queries`; the native board keeps each spec itself, titled by
// its query annotation (or caption), so the board reads the same in the UI. What the
// native board has no place for (layout, styles, ids, tags) is kept beside it.
import type { Context } from 'hono';
import { z } from 'zod';
import { actorOf, principalOf } from '../auth/principal.ts';
import { BoardStore } from '../boards/board-store.ts';
import type { Board, BoardInput, BoardQuery } from '@flashlight/api';
import { environmentOf } from '../http/environment.ts';
import { HttpError } from '../http/http-error.ts';
import { currentDate, type HoneycombContext } from './honeycomb-context.ts';
import { honeycombBody, publicOrigin, validInput } from './honeycomb-input.ts';
import type { QueryAnnotationInput } from './query-annotations.ts';
import { TagsSchema } from './tags.ts';
import { Routes } from '../http/routes.ts';

const QUERY_STYLES = ['graph', 'table', 'combo'] as const;
const CHART_OF_STYLE = { graph: 'line', combo: 'line', table: 'table' } as const;
type QueryStyle = (typeof QUERY_STYLES)[number];

const NameSchema = z.string().trim().min(1).max(200);
const DescriptionSchema = z.string().max(2000).default('');

export const FlexibleBoardInputSchema = z.object({
  name: NameSchema,
  description: DescriptionSchema,
  type: z.literal('flexible'),
  panels: z
    .array(
      z.object({
        type: z.literal('query', 'only query panels are supported; SLO and text panels are not yet'),
        position: z
          .object({ x_coordinate: z.number().int(), y_coordinate: z.number().int(), height: z.number().int(), width: z.number().int() })
          .partial()
          .optional(),
        query_panel: z.object({
          query_id: z.string().min(1),
          query_annotation_id: z.string().optional(),
          query_style: z.enum(QUERY_STYLES).default('graph'),
          dataset: z.string().optional(),
          visualization_settings: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .max(50)
    .default([]),
  tags: TagsSchema,
  layout_generation: z.enum(['manual', 'auto']).default('manual'),
});

/** Honeycomb's boards before flexible ones: still what older scripts and providers send. */
export const ClassicBoardInputSchema = z.object({
  name: NameSchema,
  description: DescriptionSchema,
  type: z.literal('classic').default('classic'),
  style: z.enum(['visual', 'list']).default('visual'),
  column_layout: z.enum(['multi', 'single']).default('multi'),
  queries: z
    .array(
      z.object({
        caption: z.string().max(200).default(''),
        query_style: z.enum(QUERY_STYLES).default('graph'),
        dataset: z.string().min(1).max(255).optional(),
        query_id: z.string().min(1),
        query_annotation_id: z.string().optional(),
        graph_settings: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .max(50)
    .default([]),
});
type HoneycombBoardInput = z.infer<typeof FlexibleBoardInputSchema> | z.infer<typeof ClassicBoardInputSchema>;

export const BoardSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.enum(['flexible', 'classic']),
  links: z.object({ board_url: z.string() }),
});
export type HoneycombBoard = z.infer<typeof BoardSchema>;

/** The board as sent, less what the native board holds (name, description). */
type BoardExtras = Omit<HoneycombBoardInput, 'name' | 'description'>;

/** A board query's parts, whichever kind of board it came on. */
interface BoardQueryRef {
  query_id: string;
  query_annotation_id?: string;
  query_style: QueryStyle;
  dataset?: string;
  caption?: string;
}

const queryRefs = (input: HoneycombBoardInput): { ref: BoardQueryRef; path: string }[] =>
  input.type === 'flexible'
    ? input.panels.map((p, i) => ({ ref: p.query_panel, path: `panels.${i}.query_panel` }))
    : input.queries.map((q, i) => ({ ref: q, path: `queries.${i}` }));

function boardView(c: Context, board: Board, extras: BoardExtras | undefined): HoneycombBoard {
  const links = { board_url: `${publicOrigin(c)}/boards/${encodeURIComponent(board.id)}` };
  if (extras) return { id: board.id, name: board.name, description: board.description, ...extras, links };
  // A board made in the UI has no saved query ids: its queries carry their specs inline, as Honeycomb's classic boards could.
  const queries = board.queries.map((q) => ({ caption: q.title, query_style: q.chart === 'table' ? 'table' : 'graph', dataset: q.dataset, query: q.query }));
  return { id: board.id, name: board.name, description: board.description, type: 'classic', style: 'visual', column_layout: 'multi', queries, links };
}

export function boardRoutes(ctx: HoneycombContext): Routes {
  const routes = new Routes();
  const boards = new BoardStore(ctx.control);
  const extrasOf = async (c: Context, id: string) => (await ctx.objects.get<BoardExtras>('board', environmentOf(c), id))?.body;
  const found = async (c: Context): Promise<Board> => {
    const id = c.req.param('id') ?? '';
    const board = await boards.get(environmentOf(c), id);
    if (!board) throw new HttpError(404, `Board not found: no board ${JSON.stringify(id)}`);
    return board;
  };
  const boardInput = async (c: Context): Promise<HoneycombBoardInput> => {
    const body = await honeycombBody(c);
    const flexible = (body as { type?: unknown } | null)?.type === 'flexible';
    return flexible ? validInput(FlexibleBoardInputSchema, body) : validInput(ClassicBoardInputSchema, body);
  };

  /** One native board query per board query: the saved query's spec, titled by its annotation or caption. */
  const nativeQuery = async (c: Context, { ref, path }: { ref: BoardQueryRef; path: string }, i: number): Promise<BoardQuery> => {
    const environment = environmentOf(c);
    const saved = await ctx.objects.get<Record<string, unknown>>('query', environment, ref.query_id);
    if (!saved) throw new HttpError(422, `${path}.query_id: no saved query ${JSON.stringify(ref.query_id)}; save it with POST /1/queries/{dataset} first`);
    if (ref.dataset !== undefined && ref.dataset !== saved.dataset)
      throw new HttpError(422, `${path}.dataset: query ${ref.query_id} was saved on ${JSON.stringify(saved.dataset)}`);
    const annotation = ref.query_annotation_id
      ? await ctx.objects.get<QueryAnnotationInput>('query_annotation', environment, ref.query_annotation_id)
      : undefined;
    if (ref.query_annotation_id && annotation?.body.query_id !== ref.query_id) {
      throw new HttpError(422, `${path}.query_annotation_id: no annotation ${JSON.stringify(ref.query_annotation_id)} of query ${ref.query_id}`);
    }
    return {
      title: annotation?.body.name || ref.caption || `Query ${i + 1}`,
      dataset: saved.dataset,
      query: saved.body,
      chart: CHART_OF_STYLE[ref.query_style],
    };
  };
  const nativeInput = async (c: Context, input: HoneycombBoardInput, existing?: Board): Promise<BoardInput> => {
    const queries: BoardQuery[] = [];
    for (const [i, ref] of queryRefs(input).entries()) queries.push(await nativeQuery(c, ref, i));
    return { name: input.name, description: input.description, time_range: existing?.time_range ?? 3600, filters: existing?.filters ?? [], queries };
  };
  const saveExtras = (c: Context, id: string, { name: _name, description: _description, ...extras }: HoneycombBoardInput) => {
    const now = currentDate(ctx);
    return ctx.objects.put<BoardExtras>({ kind: 'board', environment: environmentOf(c), id, dataset: '__all__', body: extras, createdAt: now, updatedAt: now });
  };

  routes.get('/1/boards', 'read', async (c) => {
    const all = await boards.list(environmentOf(c));
    return c.json(await Promise.all(all.map(async (b) => boardView(c, b, await extrasOf(c, b.id)))));
  });

  routes.get('/1/boards/:id', 'read', async (c) => {
    const board = await found(c);
    return c.json(boardView(c, board, await extrasOf(c, board.id)));
  });

  routes.post('/1/boards', 'admin', async (c) => {
    const input = await boardInput(c);
    const board = await boards.create(environmentOf(c), await nativeInput(c, input), actorOf(principalOf(c)));
    await saveExtras(c, board.id, input);
    return c.json(boardView(c, board, await extrasOf(c, board.id)), 201);
  });

  routes.put('/1/boards/:id', 'admin', async (c) => {
    const existing = await found(c);
    const input = await boardInput(c);
    await boards.update(environmentOf(c), existing.id, await nativeInput(c, input, existing), actorOf(principalOf(c)));
    await saveExtras(c, existing.id, input);
    return c.json(boardView(c, (await boards.get(environmentOf(c), existing.id))!, await extrasOf(c, existing.id)));
  });

  routes.delete('/1/boards/:id', 'admin', async (c) => {
    const board = await found(c);
    await boards.remove(environmentOf(c), board.id, actorOf(principalOf(c)));
    await ctx.objects.remove('board', environmentOf(c), board.id);
    return c.body(null, 204);
  });

  return routes;
}
