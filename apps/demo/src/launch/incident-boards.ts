// One Flashlight board per incident, holding the queries of the guided tour that find it
// (README, "Guided tour"). Created at demo start where absent, so reruns keep edits.
import type { IncidentName } from '../incidents.ts';

export interface BoardQuery {
  title: string;
  dataset: string;
  query: Record<string, unknown>;
  chart: 'line' | 'stacked' | 'heatmap' | 'table';
}

const count = { op: 'COUNT' };

export const INCIDENT_BOARDS: { name: string; description: string; queries: BoardQuery[] }[] = [
  {
    name: 'Incident: runaway-scroll',
    description: 'The beta storefront build fetches on every scroll event.',
    queries: [
      {
        title: 'Runaway requests by build',
        dataset: 'storefront',
        query: { calculations: [count], filters: [{ column: 'name', op: '=', value: 'browser.runaway_request' }], breakdowns: ['app.version'] },
        chart: 'stacked',
      },
      {
        title: 'Product list load by build',
        dataset: 'web',
        query: { calculations: [count], filters: [{ column: 'http.route', op: '=', value: '/api/products' }], breakdowns: ['app.version'] },
        chart: 'line',
      },
    ],
  },
  {
    name: 'Incident: vendor-outage',
    description: 'Fulfilment slows, then fails; the flag vendor goes offline.',
    queries: [
      {
        title: 'Fulfilment outcomes',
        dataset: 'orders',
        query: {
          calculations: [count],
          filters: [{ column: 'vendor.name', op: '=', value: 'fulfilment' }],
          breakdowns: ['vendor.outcome', 'vendor.fallback_reason'],
        },
        chart: 'stacked',
      },
      {
        title: 'Flag evaluations by reason',
        dataset: 'web',
        query: { calculations: [count], filters: [{ column: 'name', op: '=', value: 'feature_flag.evaluation' }], breakdowns: ['feature_flag.result.reason'] },
        chart: 'stacked',
      },
    ],
  },
  {
    name: 'Incident: team-slow',
    description: 'The enterprise team checks out huge carts, priced one line at a time.',
    queries: [
      {
        title: 'Checkout P99 by team',
        dataset: 'orders',
        query: {
          calculations: [{ op: 'P99', column: 'duration_ms' }],
          filters: [{ column: 'name', op: '=', value: 'POST /orders' }],
          breakdowns: ['app.team'],
        },
        chart: 'line',
      },
    ],
  },
  {
    name: 'Incident: bad-deploy',
    description: 'orders 2.4.0 adds a synchronous fraud check.',
    queries: [
      {
        title: 'Checkout latency',
        dataset: 'orders',
        query: { calculations: [{ op: 'HEATMAP', column: 'duration_ms' }], filters: [{ column: 'name', op: '=', value: 'POST /orders' }] },
        chart: 'heatmap',
      },
      {
        title: 'Checkout P50 by version',
        dataset: 'orders',
        query: {
          calculations: [{ op: 'P50', column: 'duration_ms' }],
          filters: [{ column: 'name', op: '=', value: 'POST /orders' }],
          breakdowns: ['service.version'],
        },
        chart: 'line',
      },
    ],
  },
];

/** The guided tour's first query for the incident: the one that shows it. */
export function findingQuery(incident: IncidentName): BoardQuery {
  return INCIDENT_BOARDS.find((board) => board.name === `Incident: ${incident}`)!.queries[0];
}

/** Creates the boards this Flashlight lacks; the demo works without boards, so failures are only logged. */
export async function ensureIncidentBoards(flashlightUrl: string, log: (line: string) => void): Promise<void> {
  try {
    const listed = await fetch(`${flashlightUrl}/api/v1/boards`);
    if (!listed.ok) throw new Error(`the boards API answered ${listed.status}`);
    const existing = new Set(((await listed.json()) as { name: string }[]).map((board) => board.name));
    for (const board of INCIDENT_BOARDS) {
      if (existing.has(board.name)) continue;
      const created = await fetch(`${flashlightUrl}/api/v1/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...board, time_range: 3600, filters: [] }),
      });
      if (!created.ok) throw new Error(`creating "${board.name}" answered ${created.status}`);
    }
  } catch (error) {
    log(`incident boards not created: ${(error as Error).message}`);
  }
}
