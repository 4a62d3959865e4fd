// Instrumentation gaps: where trace context breaks, how often, an example, and the fix.
import { Link } from '../ui/navigation.tsx';
import { FieldText } from '../ui/field-text.tsx';
import { formatTickTime } from '../results/chart-axes.ts';
import { fetchGaps, type InstrumentationGap, type InstrumentationGaps } from './flow-api.ts';
import { FlowFrame } from './flow-frame.tsx';
import { traceHref } from './flow-links.ts';
import type { FlowRoute } from './flow-route.ts';
import './flows.css';

const GAP_TITLES: Record<InstrumentationGap['kind'], string> = {
  orphan_span: 'Parent never arrives',
  browser_context_dropped: 'Browser request starts a new trace',
  service_context_dropped: 'Call starts a new trace',
  unwrapped_peer_call: 'Call not wrapped',
  peer_only_service: 'Service seen only as a peer',
  queue_context_lost: 'Queue hop loses context',
};

/** Which traces were judged: those that have settled, so that one still arriving is no gap. */
function settleNote({ settleSeconds, settledUntil, endTime }: InstrumentationGaps): string {
  const quiet = settleSeconds % 60 === 0 ? `${settleSeconds / 60} min` : `${settleSeconds} s`;
  const judged = settledUntil < endTime ? ` (traces with spans after ${formatTickTime(settledUntil * 1000, 0)} are still arriving and wait)` : '';
  return `A trace is judged once it has had no new span for ${quiet}${judged}.`;
}

export function GapsPage({ route }: { route: FlowRoute }) {
  return (
    <FlowFrame
      route={route}
      load={fetchGaps}
      subject="the instrumentation gaps"
      loadingText="Looking for gaps…"
      note={settleNote}
      isEmpty={(data) => data.gaps.length === 0}
      emptyText="No broken trace context in this time range."
    >
      {(data) => (
        <table className="gaps-table">
          <thead>
            <tr>
              <th>Gap</th>
              <th>Service</th>
              <th>Peer, host or topic</th>
              <th className="num">Count</th>
              <th>Example</th>
              <th>How to fix</th>
            </tr>
          </thead>
          <tbody>
            {data.gaps.map((gap) => (
              <tr key={`${gap.kind}/${gap.service}/${gap.subject}`} data-gap={gap.kind}>
                <td>{GAP_TITLES[gap.kind]}</td>
                <td>
                  <FieldText value={gap.service} />
                </td>
                <td>
                  <FieldText value={gap.subject ?? ''} />
                </td>
                <td className="num">{Math.round(gap.count)}</td>
                <td>
                  <Link href={traceHref(gap.exampleTraceId)}>trace</Link>
                </td>
                <td className="hint">{gap.hint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </FlowFrame>
  );
}
