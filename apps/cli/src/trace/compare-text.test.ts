import { describe, expect, it } from 'vitest';
import type { PeerComparison, TraceSummary } from '@flashlight/api';
import { peerComparisonText } from './compare-text.ts';

const summary: TraceSummary = {
  traceId: 'abc',
  rootSpanId: 'r',
  rootName: 'POST /checkout',
  rootService: 'web',
  startUs: 0,
  durationMs: 450,
  services: ['web', 'orders'],
  spanCount: 42,
  errorCount: 0,
  truncated: false,
};
const spread = (p50: number, p95: number) => ({ p50, p95 });

describe('peerComparisonText', () => {
  it('puts the ranking first, then every path indented by depth', () => {
    const answer: PeerComparison = {
      trace: summary,
      peers: [{ traceId: 'p1', startUs: 0, durationMs: 50 }],
      window: { startUs: 0, endUs: 1, dataset: 'web' },
      durationMs: spread(50, 60),
      truncated: false,
      paths: [
        {
          path: [{ service: 'web', name: 'POST /checkout' }],
          trace: { count: 1, totalMs: 450, selfMs: 10, criticalMs: 10 },
          peers: { share: 1, count: spread(1, 1), totalMs: spread(50, 60), selfMs: spread(10, 10) },
          scoreMs: 0,
          explainedBy: null,
        },
        {
          path: [
            { service: 'web', name: 'POST /checkout' },
            { service: 'orders', name: 'ecommerce price' },
          ],
          trace: { count: 40, totalMs: 400, selfMs: 400, criticalMs: 400 },
          peers: { share: 1, count: spread(3, 5), totalMs: spread(30, 50), selfMs: spread(30, 50) },
          scoreMs: 370,
          explainedBy: null,
        },
      ],
      ranking: [{ path: 1, scoreMs: 370, text: '`ecommerce price` ran 40 times (400 ms); peers: 3 (P50), 5 (P95), in 100% of them' }],
      critical: [],
    };
    expect(peerComparisonText(answer).split('\n')).toEqual([
      'trace abc: 450.0 ms; 1 peers (root POST /checkout): 50.0 ms P50, 60.0 ms P95',
      '',
      '1. `ecommerce price` ran 40 times (400 ms); peers: 3 (P50), 5 (P95), in 100% of them (+370.0 ms)',
      '',
      'path                      spans  peers P50/P95      time    peers P50/P95       own    peers P50/P95  peers with it',
      'web POST /checkout            1            1/1  450.0 ms  50.0 ms/60.0 ms   10.0 ms  10.0 ms/10.0 ms           100%',
      '  orders ecommerce price     40            3/5  400.0 ms  30.0 ms/50.0 ms  400.0 ms  30.0 ms/50.0 ms           100%',
      '',
    ]);
  });
});
