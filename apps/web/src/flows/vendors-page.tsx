// Vendor scorecards: one card per third-party dependency, the least available first, with
// its trend over the range and how long it took to recover from its last outage.
import { Link } from '../ui/navigation.tsx';
import { FieldText } from '../ui/field-text.tsx';
import { formatTickTime } from '../results/chart-axes.ts';
import { fetchVendors, type VendorScorecard, type VendorScorecards } from './flow-api.ts';
import { FlowFrame } from './flow-frame.tsx';
import { FlowNumbers } from './flow-numbers.tsx';
import { nodeQueryHref, traceHref } from './flow-links.ts';
import { formatMs, formatShare } from './flow-format.ts';
import type { FlowRoute } from './flow-route.ts';
import './flows.css';

/** Below this availability a card is marked unhealthy. */
const HEALTHY = 0.99;

export function VendorsPage({ route }: { route: FlowRoute }) {
  return (
    <FlowFrame
      route={route}
      load={fetchVendors}
      subject="the vendor scorecards"
      loadingText="Loading vendors…"
      isEmpty={(data) => data.vendors.length === 0}
      emptyText="No calls to vendors or uninstrumented peers in this time range."
    >
      {(data) => (
        <div className="vendor-cards">
          {data.vendors.map((vendor) => (
            <VendorCard key={vendor.name} vendor={vendor} route={route} range={data} />
          ))}
        </div>
      )}
    </FlowFrame>
  );
}

type TrendRange = Pick<VendorScorecards, 'startTime' | 'endTime' | 'bucketSeconds'>;

function VendorCard({ vendor, route, range }: { vendor: VendorScorecard; route: FlowRoute; range: TrendRange }) {
  const { recovery } = vendor;
  const rows: [string, string][] = [
    ['Calls', String(Math.round(vendor.calls))],
    ['Availability', formatShare(vendor.availability)],
    ['P50 / P99', `${formatMs(vendor.p50Ms)} / ${formatMs(vendor.p99Ms)}`],
    ['Timeouts', String(Math.round(vendor.timeouts))],
    ['Fallbacks', `${Math.round(vendor.fallbacks)} (${formatShare(vendor.fallbackShare)})`],
    ['Users / sessions affected', `${vendor.usersAffected} / ${vendor.sessionsAffected}`],
    [
      'Recovery after last outage',
      recovery.outageStartUs === null
        ? 'no outage'
        : recovery.recoveryMs === null
          ? `ongoing since ${formatTickTime(recovery.outageStartUs / 1000, 0)}`
          : formatMs(recovery.recoveryMs),
    ],
  ];
  const queryHref = vendor.wrapped ? nodeQueryHref({ kind: 'vendor', name: vendor.name }, route.query) : null;
  return (
    <section className={`vendor-card${vendor.availability < HEALTHY ? ' unhealthy' : ''}`} data-vendor={vendor.name}>
      <h2>
        <FieldText value={vendor.name} />
        {!vendor.wrapped && <span className="badge">not wrapped</span>}
      </h2>
      <FlowNumbers rows={rows} />
      <Trend vendor={vendor} range={range} />
      <div className="map-panel-links">
        {queryHref && <Link href={queryHref}>Query its calls</Link>}
        {vendor.exampleTraceId && <Link href={traceHref(vendor.exampleTraceId)}>Example trace</Link>}
      </div>
    </section>
  );
}

/** Calls per trend bucket across the whole range, red where fewer than HEALTHY of them succeeded. */
function Trend({ vendor, range }: { vendor: VendorScorecard; range: TrendRange }) {
  const points = vendor.trend;
  if (points.length === 0) return null;
  const span = Math.max(range.endTime - range.startTime, 1);
  const most = Math.max(...points.map((p) => p.calls));
  const width = 300;
  const barWidth = Math.max(1, (range.bucketSeconds / span) * width - 0.5);
  return (
    <svg className="vendor-trend" viewBox={`0 0 ${width} 36`} preserveAspectRatio="none" aria-label={`${vendor.name} calls over time`}>
      {points.map((p) => {
        const height = Math.max(1, (p.calls / most) * 34);
        return (
          <rect
            key={p.time}
            className={p.availability !== null && p.availability < HEALTHY ? 'down' : undefined}
            x={((p.time - range.startTime) / span) * width}
            y={36 - height}
            width={barWidth}
            height={height}
          >
            <title>{`${formatTickTime(p.time * 1000, 0)}: ${p.calls} calls, ${formatShare(p.availability)} ok`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
