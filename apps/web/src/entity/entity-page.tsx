// The entity lens: one user, team or route against everyone else. Its key numbers beside the
// other entities' (itself left out), where it ranks among all entities, its latest events (refreshed as a
// live tail), and a BubbleUp of what sets it apart.
import { useEffect, useState } from 'react';
import { formatNumber, formatTickTime } from '../results/chart-axes.ts';
import { FieldText } from '../ui/field-text.tsx';
import { Link, navigate } from '../ui/navigation.tsx';
import { useAsync } from '../ui/use-async.ts';
import { routeToHref } from '../query/url-state.ts';
import { TRACE_ID_FIELD, withFilters } from '../query/drill-down.ts';
import { BubbleUpColumns } from '../bubbleup/bubbleup-columns.tsx';
import { filterToValue, groupByField } from '../bubbleup/bubbleup-selection.ts';
import type { QuerySpec } from '../api/query-spec.ts';
import { fetchEntityLens, type EntityLens, type KeyNumbers } from './entity-api.ts';
import { entityFilter, entityLink, type EntityRoute } from './entity-route.ts';

/** How often the lens reloads while it is open. */
const TAIL_REFRESH_MS = 10_000;
/** Fields shown first in the tail when events have them. */
const TAIL_FIELDS = ['name', 'http.route', 'duration_ms', 'error', 'http.status_code'];

const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 1)}%`);
const amount = (value: number | null, unit = '') => (value === null ? '–' : `${formatNumber(value)}${unit}`);

const NUMBERS: { label: string; read: (n: KeyNumbers) => string }[] = [
  { label: 'Events', read: (n) => amount(Math.round(n.count)) },
  { label: 'Rate', read: (n) => amount(n.rate, ' /s') },
  { label: 'Error rate', read: (n) => percent(n.errorRate) },
  { label: 'P50 latency', read: (n) => amount(n.p50, ' ms') },
  { label: 'P99 latency', read: (n) => amount(n.p99, ' ms') },
];

export function EntityPage({ route }: { route: EntityRoute }) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), TAIL_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const [lens, setLens] = useState<EntityLens | null>(null);
  const [nearUnique, setNearUnique] = useState(false);
  const answer = useAsync((signal) => fetchEntityLens(route, nearUnique, signal), [JSON.stringify(route), tick, nearUnique]);
  // The previous answer stays on screen while the tail reloads.
  useEffect(() => {
    if (answer.status === 'done') setLens(answer.data);
  }, [answer]);

  const entityQuery = (): QuerySpec =>
    withFilters({ ...route.query, calculations: [{ op: 'COUNT' }] }, [entityFilter(route)]) ?? { ...route.query, filters: [entityFilter(route)] };
  const toQuery = (query: QuerySpec | null) => query && navigate(routeToHref({ page: 'query', state: { dataset: route.dataset, query, columns: [] } }));

  return (
    <div className="entity-page">
      <div className="entity-title">
        <h1>
          <FieldText value={route.field} /> = <FieldText value={route.value} />
        </h1>
        <span className="muted">
          in {route.dataset}, compared with every {route.field}
        </span>
        <span className="spacer" />
        <EntityPicker route={route} />
        <button type="button" className="small" onClick={() => toQuery(entityQuery())}>
          Query its events
        </button>
      </div>
      {answer.status === 'error' && (
        <div className="error-banner" role="alert">
          Cannot load the entity lens: {answer.error.message}
        </div>
      )}
      {!lens && answer.status === 'loading' && <div className="loading">Loading…</div>}
      {lens && (
        <>
          <table className="entity-numbers">
            <thead>
              <tr>
                <th />
                <th>This {route.field}</th>
                <th title={`Events with another ${route.field}; this one is left out`}>Everyone else (this {route.field} excluded)</th>
              </tr>
            </thead>
            <tbody>
              {NUMBERS.map(({ label, read }) => (
                <tr key={label} data-number={label}>
                  <th>{label}</th>
                  <td className="num" data-of="entity">
                    {read(lens.entity)}
                  </td>
                  <td className="num" data-of="everyone-else">
                    {read(lens.everyoneElse)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="entity-ranks">
            {lens.ranks.map((rank) => (
              <li key={rank.by} data-rank={rank.by}>
                {rank.uncertain
                  ? `${rank.by}: too few events to rank.`
                  : rank.percentile === null
                    ? `No ${rank.by} of its own to rank.`
                    : `${rank.by}: higher than ${percent(rank.percentile)} of ${formatNumber(rank.entities - 1)} other ${route.field} values.`}
              </li>
            ))}
          </ul>
          <h2>Latest events</h2>
          <TailTable lens={lens} />
          <h2>What sets it apart</h2>
          <BubbleUpColumns
            result={lens.bubbleUp}
            nearUnique={{ shown: nearUnique, toggle: setNearUnique }}
            onFilter={(field, share) => toQuery(filterToValue(entityQuery(), field, share))}
            onGroupBy={(field) => toQuery(groupByField(entityQuery(), field))}
            lensHref={(field, share) => (share.range ? null : entityLink(route.dataset, field, share.value, route.query))}
          />
        </>
      )}
    </div>
  );
}

/** Another entity, of this field or any other the user names. */
function EntityPicker({ route }: { route: EntityRoute }) {
  const [field, setField] = useState(route.field);
  const [value, setValue] = useState(route.value);
  return (
    <form
      className="entity-picker"
      onSubmit={(e) => {
        e.preventDefault();
        const href = entityLink(route.dataset, field.trim(), value, route.query);
        if (href && field.trim()) navigate(href);
      }}
    >
      <input aria-label="Entity field" value={field} onChange={(e) => setField(e.target.value)} spellCheck={false} />
      <input aria-label="Entity value" value={value} onChange={(e) => setValue(e.target.value)} spellCheck={false} />
      <button type="submit" className="small">
        Open lens
      </button>
    </form>
  );
}

function TailTable({ lens }: { lens: EntityLens }) {
  if (lens.latest.length === 0) return <div className="empty">No events in this time range.</div>;
  const present = new Set(lens.latest.flatMap((e) => Object.keys(e.fields)));
  const columns = TAIL_FIELDS.filter((f) => present.has(f));
  const span = lens.latest[0].time - lens.latest[lens.latest.length - 1].time;
  return (
    <table className="events-table entity-tail">
      <thead>
        <tr>
          <th>time</th>
          {columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
          <th>trace</th>
        </tr>
      </thead>
      <tbody>
        {lens.latest.map((event, i) => {
          const traceId = event.fields[TRACE_ID_FIELD];
          return (
            <tr key={i}>
              <td>{formatTickTime(event.time, Math.max(span, 1000))}</td>
              {columns.map((c) => (
                <td key={c}>
                  <FieldText value={event.fields[c]} />
                </td>
              ))}
              <td>{typeof traceId === 'string' && <Link href={routeToHref({ page: 'trace', traceId, spanId: null })}>waterfall</Link>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
