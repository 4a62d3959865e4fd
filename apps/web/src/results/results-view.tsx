// What a query answers, shown: a chart per calculation, a heatmap per HEATMAP, and the
// table of groups, sharing one colour per group and one isolated group. Every drill-down
// is a new query, navigated to, so it is a permalink too.
import { useCallback, useMemo, useState } from 'react';
import type { QueryResult } from '../api/query-spec.ts';
import {
  DURATION_FIELD,
  TRACE_ID_FIELD,
  eventsInSelection,
  eventsOfGroup,
  groupFilters,
  tracesInSelection,
  tracesOf,
  withFilters,
} from '../query/drill-down.ts';
import { formatCalculation } from '@flashlight/query/clauses';
import { resolveTimeRange, withAbsoluteRange } from '../query/time-range.ts';
import type { QueryState } from '../query/url-state.ts';
import { colourAt } from '../ui/palette.ts';
import { HeatmapChart } from './heatmap-chart.tsx';
import { histogramAxis, readHistogram, type HeatmapColumn } from './heatmap.ts';
import { ResultsTable } from './results-table.tsx';
import { bucketWidthMs, buildChartSeries, buildResultRows, calculationsOf, groupOf, seriesTimes, type Group } from './series.ts';
import { TimeSeriesChart } from './time-series-chart.tsx';
import { BubbleUpPanel } from '../bubbleup/bubbleup-panel.tsx';
import { entityLink } from '../entity/entity-route.ts';
import { groupSelection, heatmapSelection, type BubbleUpSelection } from '../bubbleup/bubbleup-selection.ts';
import { selectionFilters } from './heatmap-selection.ts';
import { formatNumber, formatTickTime } from './chart-axes.ts';
import { useMarkers } from '../changes/use-markers.ts';
import { MarkerKinds, useHiddenMarkerKinds } from '../changes/marker-kinds.tsx';

interface Props {
  state: QueryState;
  result: QueryResult;
  onNavigate: (state: QueryState) => void;
  /** The events carry trace ids and durations, so groups and selections can list their traces. */
  hasTraces: boolean;
}

export function ResultsView({ state, result, onNavigate, hasTraces }: Props) {
  const { query } = state;
  const breakdowns = useMemo(() => query.breakdowns ?? [], [query]);
  const [isolated, setIsolated] = useState<string | null>(null);
  const [compared, setCompared] = useState<{ selection: BubbleUpSelection; title: string } | null>(null);
  const charts = useMemo(() => buildChartSeries(result, query), [result, query]);
  const rows = useMemo(() => buildResultRows(result, query), [result, query]);
  const bucketMs = bucketWidthMs(seriesTimes(result), query);
  // Relative ranges end at the moment the result arrived.
  const windowMs = useMemo((): [number, number] => {
    const { start, end } = resolveTimeRange(query, Date.now());
    return [start * 1000, end * 1000];
  }, [result, query]);
  const allMarkers = useMarkers(state.dataset, windowMs);
  const [hiddenKinds, toggleKind] = useHiddenMarkerKinds();
  const markers = useMemo(() => allMarkers.filter((m) => !hiddenKinds.has(m.type)), [allMarkers, hiddenKinds]);

  const colours = useMemo(() => {
    const map = new Map<string, string>();
    const groups = charts[0]?.lines.map((l) => l.group) ?? rows.map((r) => r.group);
    groups.forEach((g, i) => map.set(g.key, colourAt(i)));
    return map;
  }, [charts, rows]);
  const colourOf = useCallback((key: string) => colours.get(key) ?? colourAt(colours.size), [colours]);

  const canFilter = withFilters(query, []) !== null;
  const go = (next: QueryState['query'] | null) => {
    if (next) onNavigate({ ...state, query: next });
  };
  const filterToGroup = (group: Group) => go(withFilters(query, groupFilters(breakdowns, group.values)));
  const groupEvents = (group: Group, startMs?: number) =>
    eventsOfGroup(query, breakdowns, group.values, startMs === undefined ? undefined : { start: startMs / 1000, end: (startMs + bucketMs) / 1000 });
  const eventsOf = (group: Group, startMs?: number) => go(groupEvents(group, startMs));
  const tracesOfGroup = (group: Group, startMs?: number) => {
    const events = groupEvents(group, startMs);
    go(events && tracesOf(events, DURATION_FIELD));
  };

  // Memoised so the heatmaps keep their grids while the rest of the view changes.
  const heatmaps = useMemo(
    () =>
      calculationsOf(query)
        .filter((c) => c.op === 'HEATMAP' && c.column)
        .map((calc) => {
          const label = formatCalculation(calc);
          const byTime = new Map<number, HeatmapColumn>();
          const axis = histogramAxis(result.series.map((point) => point.data[label]));
          for (const point of result.series) {
            if (isolated && groupOf(point.data, breakdowns).key !== isolated) continue;
            const time = Date.parse(point.time);
            const column = byTime.get(time) ?? { time, buckets: [] };
            column.buckets.push(...readHistogram(point.data[label]));
            byTime.set(time, column);
          }
          return { label, column: calc.column!, columns: [...byTime.values()], axis };
        }),
    [result, query, isolated, breakdowns],
  );

  const labels = charts.map((c) => c.label);
  if (result.series.length === 0 && rows.length === 0) {
    return <div className="empty">No events match this query in this time range.</div>;
  }

  return (
    <div className="results">
      {isolated && (
        <div className="isolation-note">
          Showing one group only.{' '}
          <button type="button" className="link" onClick={() => setIsolated(null)}>
            Show all groups
          </button>
        </div>
      )}
      {allMarkers.length > 0 && (charts.length > 0 || heatmaps.length > 0) && <MarkerKinds markers={allMarkers} hidden={hiddenKinds} onToggle={toggleKind} />}
      <div className="charts">
        {charts.map((series) => (
          <TimeSeriesChart
            key={series.label}
            series={series}
            colourOf={colourOf}
            isolated={isolated}
            bucketMs={bucketMs}
            windowMs={windowMs}
            markers={markers}
            onZoom={(startMs, endMs) => go(withAbsoluteRange(query, { start: startMs / 1000, end: endMs / 1000 }))}
            renderActions={(pick, close) => (
              <div className="actions">
                <button
                  type="button"
                  onClick={() => {
                    setIsolated(isolated === pick.line.group.key ? null : pick.line.group.key);
                    close();
                  }}
                >
                  {isolated === pick.line.group.key ? 'Show all' : 'Isolate'}
                </button>
                {canFilter && breakdowns.length > 0 && (
                  <button type="button" onClick={() => filterToGroup(pick.line.group)}>
                    Filter to group
                  </button>
                )}
                {canFilter && (
                  <button type="button" className="primary" onClick={() => eventsOf(pick.line.group, series.times[pick.timeIndex])}>
                    Events at this time
                  </button>
                )}
                {canFilter && hasTraces && (
                  <button type="button" onClick={() => tracesOfGroup(pick.line.group, series.times[pick.timeIndex])}>
                    Traces at this time
                  </button>
                )}
                <button type="button" onClick={close}>
                  Close
                </button>
              </div>
            )}
          />
        ))}
        {heatmaps.map((h) => (
          <HeatmapChart
            key={h.label}
            label={h.label}
            columns={h.columns}
            axis={h.axis}
            bucketMs={bucketMs}
            windowMs={windowMs}
            markers={markers}
            onOpenEvents={(s) => go(eventsInSelection(query, { start: s.startMs / 1000, end: s.endMs / 1000 }, selectionFilters(h.column, s)))}
            onOpenTraces={
              hasTraces ? (s) => go(tracesInSelection(query, h.column, { start: s.startMs / 1000, end: s.endMs / 1000 }, selectionFilters(h.column, s))) : null
            }
            onBubbleUp={(s) =>
              setCompared({
                selection: heatmapSelection(h.column, s),
                title: `${h.column} ${formatNumber(s.lower)} – ${formatNumber(s.upper)}, ${formatTickTime(s.startMs, 60_000)} – ${formatTickTime(s.endMs, 60_000)}`,
              })
            }
          />
        ))}
      </div>
      {compared && (
        <BubbleUpPanel state={state} selection={compared.selection} title={compared.title} onNavigate={onNavigate} onClose={() => setCompared(null)} />
      )}
      {rows.length > 0 && (labels.length > 0 || breakdowns.length > 0) && (
        <ResultsTable
          rows={rows}
          breakdowns={breakdowns}
          labels={labels}
          colourOf={colourOf}
          isolated={isolated}
          onIsolate={setIsolated}
          onFilter={canFilter ? (row) => filterToGroup(row.group) : null}
          onEvents={canFilter ? (row) => eventsOf(row.group) : null}
          onTraces={canFilter && hasTraces ? (row) => tracesOfGroup(row.group) : null}
          lensHref={(field, value) => (field === TRACE_ID_FIELD ? null : entityLink(state.dataset, field, value, query))}
          onCompare={(row) =>
            setCompared({
              selection: groupSelection(breakdowns, row.group.values),
              title: `the group ${breakdowns.map((b, i) => `${b} = ${String(row.group.values[i])}`).join(', ')}`,
            })
          }
        />
      )}
    </div>
  );
}
