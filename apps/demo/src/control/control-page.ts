// The demo's control page (`/_demo`): every incident with what it does, whether it is on and
// since when, and a link to the Flashlight query that finds it. The page redraws from
// `/_demo/state`, so an incident switched from the CLI shows too.
import { INCIDENTS, isIncident, type IncidentName } from '../incidents.ts';
import { setIncident, type DemoState } from '../demo-state.ts';
import { findingQuery } from '../launch/incident-boards.ts';
import { HttpFailure, type Handler } from '../shop/json-service.ts';

/** How far back the linked query looks: long enough to hold the incident's start. */
const QUERY_RANGE_SECONDS = 3600;

export interface IncidentView {
  name: IncidentName;
  description: string;
  on: boolean;
  /** When it was switched on (ms since the epoch), or null when it is off. */
  since: number | null;
  /** The Flashlight UI's permalink to the query that finds it. */
  query_url: string;
}

/** The Flashlight UI's permalink for the incident's finding query. */
export function incidentQueryUrl(flashlightUrl: string, name: IncidentName): string {
  const { dataset, query } = findingQuery(name);
  const params = new URLSearchParams({ dataset, query: JSON.stringify({ ...query, time_range: QUERY_RANGE_SECONDS }) });
  return `${new URL('/', flashlightUrl)}?${params}`;
}

export function incidentViews(state: DemoState, flashlightUrl: string): IncidentView[] {
  return (Object.keys(INCIDENTS) as IncidentName[]).map((name) => ({
    name,
    description: INCIDENTS[name],
    on: state.incidents.includes(name),
    since: state.incidents.includes(name) ? (state.since[name] ?? null) : null,
    query_url: incidentQueryUrl(flashlightUrl, name),
  }));
}

/** The control page's routes, for the web app to serve. */
export function controlRoutes(stateFile: string, current: () => DemoState, flashlightUrl: string): Record<string, Handler> {
  return {
    'GET /_demo': () => ({ raw: { contentType: 'text/html; charset=utf-8', body: CONTROL_PAGE_HTML } }),
    'GET /_demo/state': () => ({ incidents: incidentViews(current(), flashlightUrl) }),
    'POST /_demo/incidents': ({ body }) => {
      const { name, on } = (body ?? {}) as { name?: string; on?: boolean };
      if (!name || !isIncident(name)) throw new HttpFailure(400, `unknown incident; one of ${Object.keys(INCIDENTS).join(', ')}`);
      return { incidents: incidentViews(setIncident(stateFile, name, on !== false), flashlightUrl) };
    },
  };
}

// Rows are built with DOM calls and textContent, never as HTML.
const CONTROL_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Demo control</title>
<style>
  body { font: 15px system-ui, sans-serif; margin: 32px; max-width: 900px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: 8px 10px; border-bottom: 1px solid #ddd; vertical-align: top; }
  .state-on { color: #b42318; font-weight: 600; }
  .state-off { color: #667; }
  .description { color: #444; }
</style>
</head><body>
<h1>Incidents</h1>
<p>Switch an incident on, then find it in Flashlight with its query.</p>
<table>
  <thead><tr><th>on</th><th>incident</th><th>state</th><th>find it</th></tr></thead>
  <tbody id="incidents"></tbody>
</table>
<script type="module">
  const body = document.getElementById('incidents');
  const cell = (row, ...children) => { const td = row.insertCell(); td.append(...children); return td; };
  const text = (tag, value, className) => { const el = document.createElement(tag); el.textContent = value; if (className) el.className = className; return el; };
  function draw({ incidents }) {
    body.replaceChildren();
    for (const incident of incidents) {
      const row = body.insertRow();
      row.dataset.incident = incident.name;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = incident.on;
      box.setAttribute('aria-label', 'Switch ' + incident.name + ' ' + (incident.on ? 'off' : 'on'));
      box.addEventListener('change', () => switchIncident(incident.name, box.checked));
      cell(row, box);
      cell(row, text('strong', incident.name), document.createElement('br'), text('span', incident.description, 'description'));
      const since = incident.since === null ? '' : ' since ' + new Date(incident.since).toLocaleTimeString();
      cell(row, text('span', incident.on ? 'on' + since : 'off', incident.on ? 'state-on' : 'state-off')).dataset.column = 'state';
      const link = text('a', 'Open the query in Flashlight');
      link.href = incident.query_url;
      link.target = '_blank';
      link.rel = 'noopener';
      cell(row, link);
    }
  }
  async function switchIncident(name, on) {
    const answer = await fetch('/_demo/incidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, on }) });
    draw(await answer.json());
  }
  const refresh = async () => draw(await (await fetch('/_demo/state')).json());
  await refresh();
  setInterval(refresh, 5000);
</script>
</body></html>`;
