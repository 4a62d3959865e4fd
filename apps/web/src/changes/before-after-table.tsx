// A marker's before/after numbers side by side, with a link to the query over both windows.
import { formatNumber } from '../results/chart-axes.ts';
import { routeToHref } from '../query/url-state.ts';
import { Link } from '../ui/navigation.tsx';
import type { BeforeAfter } from './changes-api.ts';

const ROWS: Array<[string, (w: BeforeAfter['before']) => number | null]> = [
  ['events / s', (w) => w.rate],
  ['errors', (w) => w.errors],
  ['error rate %', (w) => (w.error_rate === null ? null : w.error_rate * 100)],
  ['P50 duration_ms', (w) => w.p50_duration_ms],
  ['P99 duration_ms', (w) => w.p99_duration_ms],
];

const shown = (v: number | null) => (v === null ? '–' : formatNumber(v));

export function BeforeAfterTable({ comparison }: { comparison: BeforeAfter }) {
  const { dataset, before, after, bubbleup } = comparison;
  const query = { ...bubbleup.query, calculations: [{ op: 'COUNT' as const }, { op: 'HEATMAP' as const, column: 'duration_ms' }] };
  return (
    <div className="before-after">
      <table className="before-after-table">
        <thead>
          <tr>
            <th />
            <th>before ({comparison.window_seconds / 60} min)</th>
            <th>after</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([label, value]) => (
            <tr key={label} data-row={label}>
              <th>{label}</th>
              <td className="num">{shown(value(before))}</td>
              <td className="num">{shown(value(after))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Link href={routeToHref({ page: 'query', state: { dataset, query, columns: [] } })}>Query both windows</Link>
    </div>
  );
}
