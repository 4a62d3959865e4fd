// The service map: services, the browser, vendors, peers and queues laid out in layers
// along the flow, edges as thick as their traffic and red where calls fail, each with a
// sparkline of its requests over the range. Fitted to the screen, or zoomed. Selecting a
// node or edge shows its numbers and leads to its query or an example trace.
import { useMemo, useRef, useState } from 'react';
import { useElementSize } from '../ui/use-element-size.ts';
import { Link } from '../ui/navigation.tsx';
import { FieldText } from '../ui/field-text.tsx';
import { fetchServiceMap, type FlowStats, type MapEdge, type MapNode, type ServiceMap } from './flow-api.ts';
import { FlowFrame } from './flow-frame.tsx';
import { FlowNumbers } from './flow-numbers.tsx';
import { layoutMap, type PlacedNode } from './map-layout.ts';
import { nodeQueryHref, traceHref } from './flow-links.ts';
import { formatMs, formatRate, formatShare } from './flow-format.ts';
import { formatDuration } from '../query/time-range.ts';
import { sparkline } from './edge-sparkline.ts';
import { FIT, fitScale, zoomed, type Zoom } from './map-zoom.ts';
import type { FlowRoute } from './flow-route.ts';
import { fetchFindings, type Finding } from '../findings/findings-api.ts';
import { findingsByNode } from '../findings/touched-nodes.ts';
import { FINDINGS_PATH } from '../query/url-state.ts';
import { useAsync } from '../ui/use-async.ts';
import './flows.css';

/** An edge whose calls fail more often than this is drawn as failing. */
const FAILING_SHARE = 0.05;

/** What the rates and sparklines cover: a range still open counts only the time that has passed. */
function rangeNote(map: ServiceMap): string {
  const open = map.elapsedSeconds < map.endTime - map.startTime;
  const over = open
    ? `the ${formatDuration(map.elapsedSeconds)} of the range that have passed`
    : `the whole range (${formatDuration(map.endTime - map.startTime)})`;
  return `Rates over ${over}; sparklines in steps of ${formatDuration(map.seriesStepSeconds)}.`;
}

type Selection = { node: MapNode } | { edge: MapEdge } | null;

export function ServiceMapPage({ route }: { route: FlowRoute }) {
  const [selected, setSelected] = useState<Selection>(null);
  const open = useAsync((signal) => fetchFindings(86400, signal, 'open'), []);
  const touched = useMemo(() => findingsByNode(open.data?.findings ?? []), [open.data]);
  return (
    <FlowFrame
      route={route}
      load={fetchServiceMap}
      subject="the service map"
      loadingText="Loading the service map…"
      isEmpty={(map) => map.nodes.length === 0}
      emptyText="No spans in this time range."
      note={rangeNote}
    >
      {(map) => (
        <div className="service-map-body">
          <MapDrawing map={map} selected={selected} onSelect={setSelected} touched={touched} />
          <SelectionPanel selection={selected} map={map} route={route} touched={touched} />
        </div>
      )}
    </FlowFrame>
  );
}

/** Sparklines on the edges, centred between caller and callee. */
const SPARK_WIDTH = 44;
const SPARK_HEIGHT = 14;

function MapDrawing({
  map,
  selected,
  onSelect,
  touched,
}: {
  map: ServiceMap;
  selected: Selection;
  onSelect: (s: Selection) => void;
  /** Open findings per node: those nodes, and the edges into them, are marked. */
  touched: ReadonlyMap<string, Finding[]>;
}) {
  const layout = useMemo(
    () =>
      layoutMap(
        map.nodes.map((n) => ({ id: n.id, label: n.name, entry: n.kind === 'browser' })),
        map.edges,
      ),
    [map],
  );
  const viewport = useRef<HTMLDivElement>(null);
  const size = useElementSize(viewport);
  const [zoom, setZoom] = useState<Zoom>(FIT);
  const scale = zoom.fit ? fitScale(layout, size) : zoom.scale;
  const placed = new Map(layout.nodes.map((n) => [n.id, n]));
  const nodes = new Map(map.nodes.map((n) => [n.id, n]));
  const maxRate = Math.max(...map.edges.map((e) => e.stats.rate), 1e-9);
  const isSelected = (id: string) => selected !== null && ('node' in selected ? selected.node.id === id : selected.edge.id === id);
  return (
    <div className="service-map-area">
      <div className="map-zoom" role="toolbar" aria-label="Zoom">
        <button type="button" className="small" aria-label="Zoom out" onClick={() => setZoom({ fit: false, scale: zoomed(scale, 'out') })}>
          −
        </button>
        <span className="map-zoom-level" aria-label="Zoom level">
          {Math.round(scale * 100)}%
        </span>
        <button type="button" className="small" aria-label="Zoom in" onClick={() => setZoom({ fit: false, scale: zoomed(scale, 'in') })}>
          +
        </button>
        <button type="button" className={`small${zoom.fit ? ' active' : ''}`} aria-pressed={zoom.fit} onClick={() => setZoom(FIT)}>
          Fit to screen
        </button>
        <button type="button" className="small" onClick={() => setZoom({ fit: false, scale: 1 })}>
          100%
        </button>
      </div>
      <div className="service-map-scroll" ref={viewport}>
        <svg
          className="service-map"
          width={layout.width * scale}
          height={layout.height * scale}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          role="img"
          aria-label="Service map"
        >
          {map.edges.map((edge) => {
            const [a, b] = [placed.get(edge.source)!, placed.get(edge.target)!];
            const failing = edge.stats.errorRate > FAILING_SHARE;
            return (
              <path
                key={edge.id}
                d={edgePath(a, b)}
                className={`map-edge ${edge.kind}${failing ? ' failing' : ''}${isSelected(edge.id) ? ' selected' : ''}${touched.has(edge.target) ? ' finding' : ''}`}
                strokeWidth={1 + 4 * Math.sqrt(edge.stats.rate / maxRate)}
                data-edge={edge.id}
                onClick={() => onSelect({ edge })}
              >
                <title>{`${edge.source} → ${edge.target}: ${formatRate(edge.stats.rate)}, ${formatShare(edge.stats.errorRate)} errors`}</title>
              </path>
            );
          })}
          {map.edges.map((edge) => {
            const [a, b] = [placed.get(edge.source)!, placed.get(edge.target)!];
            const [x, y] = [(a.x + a.width + b.x) / 2 - SPARK_WIDTH / 2, (a.y + b.y + a.height) / 2 - SPARK_HEIGHT / 2];
            return (
              <g key={edge.id} className="edge-spark" transform={`translate(${x},${y})`} data-spark={edge.id} onClick={() => onSelect({ edge })}>
                <EdgeSparkline edge={edge} width={SPARK_WIDTH} height={SPARK_HEIGHT} />
              </g>
            );
          })}
          {layout.nodes.map((box) => {
            const node = nodes.get(box.id)!;
            return (
              <g
                key={box.id}
                className={`map-node ${node.kind}${isSelected(box.id) ? ' selected' : ''}${node.stats.errorRate > FAILING_SHARE ? ' failing' : ''}${touched.has(box.id) ? ' finding' : ''}`}
                transform={`translate(${box.x},${box.y})`}
                data-node={box.id}
                onClick={() => onSelect({ node })}
              >
                <title>{`${node.kind} ${node.name}`}</title>
                <rect width={box.width} height={box.height} rx={node.kind === 'queue' ? 2 : 6} />
                <text x={8} y={14} className="map-node-label">
                  {box.label}
                </text>
                <text x={8} y={27} className="map-node-stats">
                  {`${formatRate(node.stats.rate)} · ${formatShare(node.stats.errorRate)} · p99 ${formatMs(node.stats.p99Ms)}`}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}

/** An edge's requests per step, red where calls failed. */
function EdgeSparkline({ edge, width, height }: { edge: MapEdge; width: number; height: number }) {
  const spark = sparkline(edge.series, width, height);
  return (
    <>
      <rect className="spark-back" width={width} height={height} />
      {spark.failing.map((f) => (
        <rect key={f.x} className="spark-failing" x={f.x} width={f.width} height={height} />
      ))}
      <path className="spark-line" d={spark.line} />
      <title>{`${edge.series.reduce((sum, p) => sum + p.requests, 0)} requests, ${edge.series.filter((p) => p.errors > 0).length} steps with errors`}</title>
    </>
  );
}

/** A curve from the right side of the caller to the left side of the callee (or around, going back). */
function edgePath(a: PlacedNode, b: PlacedNode): string {
  const [x1, y1] = [a.x + a.width, a.y + a.height / 2];
  const [x2, y2] = [b.x, b.y + b.height / 2];
  const bend = Math.max(40, Math.abs(x2 - x1) / 2);
  return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
}

function Numbers({ stats }: { stats: FlowStats }) {
  const rows: [string, string][] = [
    ['Requests', String(Math.round(stats.requests))],
    ['Rate', formatRate(stats.rate)],
    ['Errors', `${Math.round(stats.errors)} (${formatShare(stats.errorRate)})`],
    ['P50', formatMs(stats.p50Ms)],
    ['P99', formatMs(stats.p99Ms)],
  ];
  return <FlowNumbers rows={rows} />;
}

function SelectionPanel({
  selection,
  map,
  route,
  touched,
}: {
  selection: Selection;
  map: ServiceMap;
  route: FlowRoute;
  touched: ReadonlyMap<string, Finding[]>;
}) {
  if (selection === null) {
    return (
      <aside className="map-panel muted">
        {map.nodes.length} nodes, {map.edges.length} edges. Select a node or an edge for its numbers, its query and an example trace.
      </aside>
    );
  }
  const byId = new Map(map.nodes.map((n) => [n.id, n]));
  const item = 'node' in selection ? selection.node : selection.edge;
  const queryHref = 'node' in selection ? nodeQueryHref(selection.node, route.query) : nodeQueryHref(byId.get(selection.edge.target)!, route.query);
  return (
    <aside className="map-panel" aria-label="Selection">
      <h2>
        {'node' in selection ? (
          <>
            <span className="badge">{selection.node.kind}</span> <FieldText value={selection.node.name} />
          </>
        ) : (
          <>
            <FieldText value={byId.get(selection.edge.source)?.name} /> → <FieldText value={byId.get(selection.edge.target)?.name} />
          </>
        )}
      </h2>
      <Numbers stats={item.stats} />
      {(touched.get('node' in selection ? selection.node.id : selection.edge.target) ?? []).map((finding) => (
        <div key={finding.id} className="map-panel-finding" role="note">
          <Link href={FINDINGS_PATH}>Finding</Link>: {finding.title}
          {finding.explanation?.causes[0] && <span className="muted"> — likeliest cause: {finding.explanation.causes[0].label}</span>}
        </div>
      ))}
      {'edge' in selection && (
        <svg className="panel-spark" viewBox="0 0 240 40" preserveAspectRatio="none" aria-label="Requests over the range">
          <EdgeSparkline edge={selection.edge} width={240} height={40} />
        </svg>
      )}
      <div className="map-panel-links">
        {queryHref && <Link href={queryHref}>{'node' in selection ? 'Query its spans' : 'Query the callee'}</Link>}
        {item.stats.exampleTraceId && <Link href={traceHref(item.stats.exampleTraceId)}>Example trace</Link>}
      </div>
    </aside>
  );
}
