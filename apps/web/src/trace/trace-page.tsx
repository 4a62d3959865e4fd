// A trace by id: its waterfall across services beside the selected span's details.
// The selected span is part of the URL, so a link can point at one span of a trace.
import { useEffect, useMemo, useState } from 'react';
import { ApiError, fetchTrace } from '../api/client.ts';
import { colourAt } from '../ui/palette.ts';
import { Link, navigate } from '../ui/navigation.tsx';
import { ALL_DATASETS } from '../api/query-spec.ts';
import { spansOfTrace } from '../query/drill-down.ts';
import { useAsync } from '../ui/use-async.ts';
import { routeToHref } from '../query/url-state.ts';
import { SpanDetails } from './span-details.tsx';
import { formatDurationUs, spansFromTrace } from './trace-spans.ts';
import { Waterfall } from './waterfall.tsx';
import { layoutWaterfall, visibleRows, type TimeView } from './waterfall-layout.ts';
import { ancestorsOf, findSpans } from './span-search.ts';
import { CompareWith } from './compare-with.tsx';

/** `matching`: spans a query matched (its Traces view), highlighted beside those the search finds. */
export function TracePage({ traceId, spanId, matching }: { traceId: string; spanId: string | null; matching: readonly string[] }) {
  const trace = useAsync((signal) => fetchTrace(traceId, signal), [traceId]);
  const layout = useMemo(() => (trace.data ? layoutWaterfall(spansFromTrace(trace.data)) : null), [trace.data]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [zoom, setZoom] = useState<TimeView | null>(null);
  const [find, setFind] = useState('');
  const found = useMemo(() => (layout ? findSpans(layout, find) : []), [layout, find]);
  const matches = useMemo(() => (find.trim() ? found : matching), [found, find, matching]);
  const rows = useMemo(() => (layout ? visibleRows(layout, collapsed) : []), [layout, collapsed]);
  useEffect(() => {
    document.title = `Trace ${traceId} · Flashlight`;
  }, [traceId]);

  if (trace.status === 'loading') return <div className="loading">Loading trace {traceId}…</div>;
  if (trace.status === 'error') {
    const missing = trace.error instanceof ApiError && trace.error.status === 404;
    return (
      <div className={missing ? 'empty' : 'error-banner'} role="alert">
        {missing
          ? `No trace with id ${traceId} was found. It may not have arrived yet, or its spans are older than the data kept.`
          : `Cannot load trace ${traceId}: ${trace.error.message}`}
      </div>
    );
  }
  if (!layout || layout.rows.length === 0) return <div className="empty">Trace {traceId} has no spans.</div>;

  const selected = layout.rows.find((r) => r.span.spanId === spanId)?.span ?? layout.rows[0].span;
  const select = (id: string) => navigate(routeToHref({ page: 'trace', traceId, spanId: id, matching }), { replace: true });
  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const errors = layout.rows.filter((r) => r.span.error).length;
  /** Selects the next match after the selected span, unfolding whatever hides it. */
  const nextMatch = () => {
    if (matches.length === 0) return;
    const order = layout.rows.findIndex((r) => r.span.spanId === selected.spanId);
    const next = matches.find((id) => layout.rows.findIndex((r) => r.span.spanId === id) > order) ?? matches[0];
    const hidden = ancestorsOf(layout, next).filter((id) => collapsed.has(id));
    if (hidden.length > 0) setCollapsed((current) => new Set([...current].filter((id) => !hidden.includes(id))));
    select(next);
  };

  return (
    <div className="trace-page">
      <header className="trace-header">
        <h1>
          Trace <code>{traceId}</code>
        </h1>
        <span>{layout.rows.length} spans</span>
        <span>{formatDurationUs(layout.durationUs)}</span>
        {errors > 0 && <span className="badge error">{errors} with errors</span>}
        <span className="legend">
          {layout.services.map((s, i) => (
            <span key={s} className="legend-item">
              <span className="service-dot" style={{ background: colourAt(i) }} />
              {s}
            </span>
          ))}
        </span>
        <span className="muted legend-item">
          <span className="critical-sample" /> critical path
        </span>
        <Link
          href={routeToHref({
            page: 'query',
            state: {
              dataset: ALL_DATASETS,
              query: spansOfTrace(traceId, { start: layout.startUs / 1e6, end: (layout.startUs + layout.durationUs) / 1e6 + 1 }),
              columns: [],
            },
          })}
        >
          Spans by service and operation
        </Link>
        <CompareWith traceId={traceId} />
        <span className="spacer" />
        <input
          className="span-find"
          aria-label="Find spans"
          placeholder="Find spans…"
          value={find}
          onChange={(e) => setFind(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') nextMatch();
          }}
        />
        {(find.trim() || matching.length > 0) && (
          <span className="muted" data-testid="matching-count">
            {matches.length} matching{find.trim() ? '' : ' the query'}
          </span>
        )}
      </header>
      <div className="trace-body">
        <Waterfall
          layout={layout}
          rows={rows}
          collapsed={collapsed}
          onToggle={toggle}
          selected={selected.spanId}
          onSelect={select}
          zoom={zoom}
          onZoom={setZoom}
          matches={matches}
        />
        <SpanDetails span={selected} traceStartUs={layout.startUs} />
      </div>
    </div>
  );
}
