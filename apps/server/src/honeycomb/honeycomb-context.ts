// What every Honeycomb resource route reads: the server's context, the Honeycomb-only
// objects, the native alert store, and the datasets as Honeycomb sees them (those with events and those declared).
import type { Context } from 'hono';
import type { ServerContext } from '../server-context.ts';
import { HttpError } from '../http/http-error.ts';
import { datasetParam } from '../http/dataset-param.ts';
import { environmentOf } from '../http/environment.ts';
import type { AlertStore } from '../alerts/alert-store.ts';
import type { HoneycombObjects } from './honeycomb-objects.ts';

export interface HoneycombContext extends ServerContext {
  objects: HoneycombObjects;
  /** The native triggers and SLOs, opened on first use. */
  alerts: () => Promise<AlertStore>;
}

/** Honeycomb's name for "every dataset of the environment" in markers, queries and triggers. */
export const ENVIRONMENT_WIDE = '__all__';

export interface KnownDataset {
  name: string;
  description: string;
  createdAt: Date;
  lastWrittenAt: Date | null;
  /** False for a dataset declared through the API that has no events yet. */
  hasEvents: boolean;
}

/** Datasets with events, and those declared by `POST /1/datasets` that have none yet. */
export async function knownDatasets(ctx: HoneycombContext, environment: string): Promise<KnownDataset[]> {
  const [stored, declared] = await Promise.all([ctx.store.datasets(environment), ctx.objects.list<{ description: string }>('dataset', environment)]);
  const descriptions = new Map(declared.map((d) => [d.id, d]));
  const datasets: KnownDataset[] = stored.map((d) => ({
    name: d.name,
    description: descriptions.get(d.name)?.body.description ?? '',
    createdAt: d.createdAt,
    lastWrittenAt: d.lastEventAt,
    hasEvents: true,
  }));
  const named = new Set(datasets.map((d) => d.name));
  for (const d of declared) {
    if (!named.has(d.id)) datasets.push({ name: d.id, description: d.body.description, createdAt: d.createdAt, lastWrittenAt: null, hasEvents: false });
  }
  return datasets;
}

/** The dataset named by the route's `:dataset`, or a 404 naming it. */
export async function datasetOf(ctx: HoneycombContext, c: Context, options: { environmentWide?: boolean } = {}): Promise<string> {
  const raw = c.req.param('dataset');
  if (options.environmentWide && raw === ENVIRONMENT_WIDE) return ENVIRONMENT_WIDE;
  const name = datasetParam(raw);
  const environment = environmentOf(c);
  if (!(await knownDatasets(ctx, environment)).some((d) => d.name === name)) throw new HttpError(404, `Dataset not found: no dataset ${JSON.stringify(name)}`);
  return name;
}

/** Now, from the server's clock: when an object is made or changed, and what a relative time range ends at. */
export const currentDate = (ctx: HoneycombContext): Date => new Date(ctx.clock.now());
