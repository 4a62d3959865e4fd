// The trace waterfall: one row per span on a shared time axis, coloured by service, with
// collapsible subtrees, span events as markers, errors in red and the critical path
// emphasised. Only the rows in view are rendered, so 10,000 spans scroll freely.
// Keys: ↑/↓ select, ←/→ collapse/expand. Dragging across the time axis zooms in.
import { useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react';
import { niceTicks } from '../results/chart-axes.ts';
import { colourAt } from '../ui/palette.ts';
import { useElementSize } from '../ui/use-element-size.ts';
import { formatDurationUs } from './trace-spans.ts';
import { barInView, type TimeView, type WaterfallLayout, type WaterfallRow } from './waterfall-layout.ts';

interface Props {
  layout: WaterfallLayout;
  rows: WaterfallRow[];
  collapsed: ReadonlySet<string>;
  onToggle: (spanId: string) => void;
  selected: string | null;
  onSelect: (spanId: string) => void;
  /** The part of the time axis shown; null for the whole trace. */
  zoom: TimeView | null;
  onZoom: (view: TimeView | null) => void;
  /** Spans that match the trace search, highlighted. */
  matches: readonly string[];
}

const ROW_HEIGHT = 24;
const OVERSCAN = 20;
const HEADER_HEIGHT = 26;

export function Waterfall({ layout, rows, collapsed, onToggle, selected, onSelect, zoom, onZoom, matches }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { height } = useElementSize(scrollRef);
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const selectedIndex = rows.findIndex((r) => r.span.spanId === selected);
  const matching = useMemo(() => new Set(matches), [matches]);
  const view: TimeView = zoom ?? [0, layout.durationUs || 1];
  const viewUs = view[1] - view[0];
  const pct = (us: number) => `${((us - view[0]) / viewUs) * 100}%`;
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);

  /** The trace time (µs from its start) under the pointer on the header's time axis. */
  const timeAt = (event: MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (event.clientX - rect.left) / (rect.width || 1)));
    return view[0] + fraction * viewUs;
  };

  // Keep the selected row in view as the keyboard moves it.
  useEffect(() => {
    const element = scrollRef.current;
    if (!element || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight - HEADER_HEIGHT) {
      element.scrollTop = top + ROW_HEIGHT - element.clientHeight + HEADER_HEIGHT;
    }
  }, [selectedIndex]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = rows[selectedIndex];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.min(rows.length - 1, Math.max(0, selectedIndex + (event.key === 'ArrowDown' ? 1 : -1)));
      if (rows[next]) onSelect(rows[next].span.spanId);
    } else if (row && row.childCount > 0 && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      event.preventDefault();
      const isCollapsed = collapsed.has(row.span.spanId);
      if ((event.key === 'ArrowLeft') !== isCollapsed) onToggle(row.span.spanId);
    }
  };

  const ticks = niceTicks(view[0], view[1], 5).filter((t) => t >= view[0] && t <= view[1]);

  return (
    <div
      className="waterfall"
      ref={scrollRef}
      tabIndex={0}
      role="tree"
      aria-label="Trace waterfall"
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div className="waterfall-header" style={{ height: HEADER_HEIGHT }}>
        <div className="wf-name">
          Service · operation
          {zoom && (
            <button type="button" className="small" onClick={() => onZoom(null)}>
              Reset zoom
            </button>
          )}
        </div>
        <div
          className="wf-timeline wf-axis"
          title="Drag to zoom into a time range"
          onMouseDown={(e) => {
            const t = timeAt(e);
            setDrag({ from: t, to: t });
          }}
          onMouseMove={(e) => drag && setDrag({ ...drag, to: timeAt(e) })}
          onMouseUp={() => {
            // A drag over a sliver of the axis is a click, not a zoom.
            if (drag && Math.abs(drag.to - drag.from) > viewUs / 200) onZoom([Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)]);
            setDrag(null);
          }}
          onMouseLeave={() => setDrag(null)}
        >
          {ticks.map((t) => (
            <span key={t} className="wf-tick" style={{ left: pct(t) }}>
              {t === 0 ? '0' : formatDurationUs(t)}
            </span>
          ))}
          {drag && (
            <span className="wf-zoom-box" style={{ left: pct(Math.min(drag.from, drag.to)), width: `${(Math.abs(drag.to - drag.from) / viewUs) * 100}%` }} />
          )}
        </div>
      </div>
      <div className="waterfall-rows" style={{ height: rows.length * ROW_HEIGHT }}>
        {rows.slice(first, last).map((row, i) => {
          const { span } = row;
          const index = first + i;
          const isCollapsed = collapsed.has(span.spanId);
          const colour = colourAt(row.serviceIndex);
          const bar = barInView(row.offsetUs, span.durationUs, view);
          return (
            <div
              key={span.spanId}
              className={`wf-row${span.spanId === selected ? ' selected' : ''}${span.error ? ' error' : ''}${row.critical ? ' critical' : ''}${matching.has(span.spanId) ? ' match' : ''}`}
              style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
              role="treeitem"
              aria-level={row.depth + 1}
              aria-expanded={row.childCount > 0 ? !isCollapsed : undefined}
              aria-selected={span.spanId === selected}
              data-span-id={span.spanId}
              data-depth={row.depth}
              onClick={() => onSelect(span.spanId)}
            >
              <div className="wf-name" style={{ paddingLeft: 6 + row.depth * 14 }}>
                {row.childCount > 0 ? (
                  <button
                    type="button"
                    className="disclosure"
                    aria-label={isCollapsed ? `Expand ${row.descendants} spans` : 'Collapse'}
                    onClick={(e) => {
                      e.stopPropagation();
                      onToggle(span.spanId);
                    }}
                  >
                    {isCollapsed ? '▸' : '▾'}
                  </button>
                ) : (
                  <span className="disclosure-space" />
                )}
                <span className="service-dot" style={{ background: colour }} />
                <span className="wf-service">{span.service}</span>
                <span className="wf-op">{span.name}</span>
                {isCollapsed && <span className="muted"> +{row.descendants}</span>}
                {span.parentMissing && (
                  <span
                    className="badge warning"
                    title={`Its parent span ${span.parentId} is not in this trace: a service on the way is not instrumented, or its spans were lost`}
                  >
                    parent missing
                  </span>
                )}
              </div>
              <div className="wf-timeline">
                {bar && <div className="wf-bar" style={{ left: `${bar.left}%`, width: `max(2px, ${bar.width}%)`, background: colour }} />}
                {span.markers.map((m, k) => {
                  const at = m.timeUs - layout.startUs;
                  return at < view[0] || at > view[1] ? null : (
                    <span key={k} className={`wf-marker ${m.kind}`} style={{ left: pct(at) }} title={`${m.name} at ${formatDurationUs(at)}`} />
                  );
                })}
                {bar && (
                  <span className={`wf-duration${durationInside(bar) ? ' inside' : ''}`} style={durationPlacement(bar)}>
                    {formatDurationUs(span.durationUs)}
                  </span>
                )}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** A bar reaching across the view has no room for its label beside it. */
function durationInside(bar: { left: number; width: number }): boolean {
  return bar.left + bar.width > 80 && bar.left < 12;
}

/** The duration label sits after the bar, else before it, else inside it. */
function durationPlacement(bar: { left: number; width: number }): CSSProperties {
  if (bar.left + bar.width <= 80) return { left: `calc(${bar.left + bar.width}% + 4px)` };
  if (!durationInside(bar)) return { right: `calc(${100 - bar.left}% + 4px)` };
  return { left: `calc(${bar.left}% + 4px)` };
}
