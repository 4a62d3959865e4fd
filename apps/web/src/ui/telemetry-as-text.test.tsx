// Telemetry is hostile: every view that shows field names or values must render them as
// text. These render the views to HTML with hostile names and values and look for markup.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { RawEventsTable } from '../events/raw-events-table.tsx';
import { ResultsTable } from '../results/results-table.tsx';
import { SpanDetails } from '../trace/span-details.tsx';
import type { TraceSpan } from '../trace/trace-spans.ts';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const hostileEvent = { [SCRIPT]: IMG, 'user.name': SCRIPT, 'trace.trace_id': `"><svg onload=alert(3)>`, duration_ms: 12 };

function expectNoMarkupFromTelemetry(html: string): void {
  // Every real tag in the output is one of ours: no injected elements, no event-handler attributes.
  expect(html).not.toMatch(/<(script|img|svg)\b/i);
  // (Attribute values are quoted and escaped, so they are set aside before looking.)
  expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son\w+=/i);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
}

describe('telemetry is rendered as text', () => {
  it('in the raw events table, field names and values and trace links alike', () => {
    const html = renderToStaticMarkup(
      <RawEventsTable
        events={[hostileEvent]}
        columns={[SCRIPT, 'user.name', 'trace.trace_id']}
        knownColumns={[]}
        onColumnsChange={() => {}}
        onFilter={() => {}}
        onGroupBy={() => {}}
      />,
    );
    expectNoMarkupFromTelemetry(html);
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('href="/trace/%22%3E%3Csvg%20onload%3Dalert(3)%3E"');
  });

  it('in the results table', () => {
    const html = renderToStaticMarkup(
      <ResultsTable
        rows={[{ group: { key: 'k', values: [SCRIPT] }, values: { COUNT: 3 } }]}
        breakdowns={[IMG]}
        labels={['COUNT']}
        colourOf={() => '#000'}
        isolated={null}
        onIsolate={() => {}}
        onFilter={null}
        onEvents={null}
        onTraces={null}
      />,
    );
    expectNoMarkupFromTelemetry(html);
  });

  it('in the span details panel', () => {
    const span: TraceSpan = {
      spanId: 's1',
      parentId: null,
      parentMissing: false,
      name: SCRIPT,
      service: IMG,
      dataset: 'd',
      startUs: 0,
      durationUs: 1000,
      error: true,
      markers: [{ timeUs: 10, name: IMG, kind: 'span_event', fields: { 'exception.message': SCRIPT } }],
      fields: { [IMG]: SCRIPT },
    };
    expectNoMarkupFromTelemetry(renderToStaticMarkup(<SpanDetails span={span} traceStartUs={0} />));
  });
});
