// The trace waterfall: one row per span on a shared time axis, coloured by service, with
// collapsible subtrees, span events as markers, errors in red and the critical path
// emphasised. Only the rows in view are rendered, so 10,000 spans scroll freely.
// Keys: ↑/↓ select, ←/→ collapse/expand.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { niceTicks } from '../results/chart-axes.ts';
import { colourAt } from '../ui/palette.ts';
import { useElementSize } from '../ui/use-element-size.ts';
import { formatDurationUs } from './trace-spans.ts';
import type { WaterfallLayout, WaterfallRow } from './waterfall-layout.ts';

interface Props {
  layout: WaterfallLayout;
  rows: WaterfallRow[];
  collapsed: ReadonlySet<string>;
  onToggle: (spanId: string) => void;
  selected: string | null;
  onSelect: (spanId: string) => void;
}

const ROW_HEIGHT = 24;
const OVERSCAN = 20;
const HEADER_HEIGHT = 26;

export function Waterfall({ layout, rows, collapsed, onToggle, selected, onSelect }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { height } = useElementSize(scrollRef);
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const selectedIndex = rows.findIndex((r) => r.span.spanId === selected);
  const total = layout.durationUs || 1;
  const pct = (us: number) => `${(us / total) * 100}%`;

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

  const ticks = niceTicks(0, total, 5).filter((t) => t <= total);

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
        <div className="wf-name">Service · operation</div>
        <div className="wf-timeline">
          {ticks.map((t) => (
            <span key={t} className="wf-tick" style={{ left: pct(t) }}>
              {t === 0 ? '0' : formatDurationUs(t)}
            </span>
          ))}
        </div>
      </div>
      <div className="waterfall-rows" style={{ height: rows.length * ROW_HEIGHT }}>
        {rows.slice(first, last).map((row, i) => {
          const { span } = row;
          const index = first + i;
          const isCollapsed = collapsed.has(span.spanId);
          const colour = colourAt(row.serviceIndex);
          return (
            <div
              key={span.spanId}
              className={`wf-row${span.spanId === selected ? ' selected' : ''}${span.error ? ' error' : ''}${row.critical ? ' critical' : ''}`}
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
              </div>
              <div className="wf-timeline">
                <div
                  className="wf-bar"
                  style={{ left: pct(row.offsetUs), width: `max(2px, ${pct(span.durationUs)})`, background: colour }}
                />
                {span.markers.map((m, k) => (
                  <span
                    key={k}
                    className={`wf-marker ${m.kind}`}
                    style={{ left: pct(m.timeUs - layout.startUs) }}
                    title={`${m.name} at ${formatDurationUs(m.timeUs - layout.startUs)}`}
                  />
                ))}
                <span
                  className="wf-duration"
                  style={row.offsetUs + span.durationUs > total * 0.8 ? { right: `calc(${pct(total - row.offsetUs)} + 4px)` } : { left: `calc(${pct(row.offsetUs + span.durationUs)} + 4px)` }}
                >
                  {formatDurationUs(span.durationUs)}
                </span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
