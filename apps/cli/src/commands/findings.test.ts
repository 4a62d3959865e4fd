import { expect, test } from 'vitest';
import type { Finding } from '@flashlight/api';
import { renderFinding } from './findings.ts';

const finding: Finding = {
  id: 'f1',
  state: 'recovered',
  title: 'orders · POST /orders: error ratio 0.5% → 24% (48.0×) and 1 more change',
  kinds: ['errors', 'new_value'],
  since: 1_800_000_000,
  opened_at: 1_800_000_070,
  updated_at: 1_800_000_400,
  recovered_at: 1_800_000_400,
  where: { services: ['orders'], endpoints: ['POST /orders'], vendors: [], teams: ['megacorp'] },
  changes: [],
  explanation: {
    causes: [
      { source: 'bubbleup', label: 'app.team = "megacorp"', field: 'app.team', value: 'megacorp', selected: 0.97, baseline: 0.3, marker_id: null },
      {
        source: 'new_value',
        label: 'exception.type = "QuotaExceededError"',
        field: 'exception.type',
        value: 'QuotaExceededError',
        selected: null,
        baseline: null,
        marker_id: null,
      },
    ],
    markers: [],
    traces: ['t1', 't2'],
    query: { dataset: 'orders', query: {} as never },
    bubbleup: { dataset: 'orders', query: {} as never, selection: {} as never },
  },
  expected: false,
};

test('a finding prints as when, what, where and why', () => {
  expect(renderFinding(finding)).toBe(
    [
      'recovered 2027-01-15T08:06:40Z  since 2027-01-15T08:00:00Z  f1',
      '  orders · POST /orders: error ratio 0.5% → 24% (48.0×) and 1 more change',
      '  services: orders; endpoints: POST /orders; teams: megacorp',
      '    1. app.team = "megacorp"',
      '    2. exception.type = "QuotaExceededError"',
      '    traces: t1 t2',
      '',
    ].join('\n'),
  );
});
