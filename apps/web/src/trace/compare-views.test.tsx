// The comparison views render span names, services and field values as text.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { PeerComparison, TraceComparison, TraceSummary } from '@flashlight/api';
import { PeerComparisonView, TraceComparisonView } from './compare-views.tsx';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(2)>';
const summary: TraceSummary = {
  traceId: `"><svg onload=alert(3)>`,
  rootSpanId: 'r',
  rootName: SCRIPT,
  rootService: IMG,
  startUs: 1.7e15,
  durationMs: 120,
  services: [IMG],
  spanCount: 2,
  errorCount: 0,
  truncated: false,
};
const path = [{ service: IMG, name: SCRIPT }];
const times = { count: 1, totalMs: 120, selfMs: 100, criticalMs: 100 };

function expectText(html: string): void {
  expect(html).not.toMatch(/<(script|img|svg)\b/i);
  expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son\w+=/i);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
}

describe('the comparison views render telemetry as text', () => {
  it('two traces', () => {
    const comparison: TraceComparison = {
      a: summary,
      b: summary,
      paths: [{ path, a: times, b: { ...times, count: 3 }, added: 2, missing: 0, diffMs: 40 }],
      critical: { a: [], b: [], differences: [{ path, aMs: 1, bMs: 2 }] },
      attributes: [{ field: SCRIPT, a: [IMG], b: [SCRIPT], paths: [path], pathCount: 1 }],
      attributesOmitted: 0,
    };
    const html = renderToStaticMarkup(<TraceComparisonView comparison={comparison} />);
    expectText(html);
    expect(html).toContain('+2 in B');
  });

  it('a trace against its peers', () => {
    const spread = { p50: 1, p95: 2 };
    const comparison: PeerComparison = {
      trace: summary,
      peers: [{ traceId: SCRIPT, startUs: 1.7e15, durationMs: 50 }],
      window: { startUs: 1.7e15, endUs: 1.8e15, dataset: IMG },
      durationMs: spread,
      truncated: false,
      paths: [{ path, trace: times, peers: { share: 1, count: spread, totalMs: spread, selfMs: spread }, scoreMs: 99, explainedBy: null }],
      ranking: [{ path: 0, scoreMs: 99, text: `\`${SCRIPT}\` ran 40 times` }],
      critical: [],
    };
    const html = renderToStaticMarkup(<PeerComparisonView comparison={comparison} />);
    expectText(html);
    expect(html).toContain('ran 40 times');
  });
});
