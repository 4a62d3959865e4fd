// A marker's before/after numbers side by side (the after-window over the time that has
// passed), the entry points that moved, and a link to the query over both windows.
import { formatNumber } from '../results/chart-axes.ts';
import { routeToHref } from '../query/url-state.ts';
import { Link } from '../ui/navigation.tsx';
import { FieldText } from '../ui/field-text.tsx';
import type { BeforeAfter } from './changes-api.ts';

type Numbers = NonNullable<BeforeAfter['entry_points'][number]['before']>;
type Moved = BeforeAfter['entry_points'][number]['moved'][number];

const ROWS: Array<[string, (w: Numbers) => number | null]> = [
  ['events / s', (w) => w.rate],
  ['errors', (w) => w.errors],
  ['error rate %', (w) => (w.error_rate === null ? null : w.error_rate * 100)],
  ['P50 duration_ms', (w) => w.p50_duration_ms],
  ['P99 duration_ms', (w) => w.p99_duration_ms],
];

/** Entry point columns: each number before → after, and whether it is one that moved. */
const ENTRY_COLUMNS: Array<[string, Moved, (w: Numbers) => number | null]> = [
  ['events / s', 'rate', (w) => w.rate],
  ['error rate %', 'error_rate', (w) => (w.error_rate === null ? null : w.error_rate * 100)],
  ['P50 ms', 'p50_duration_ms', (w) => w.p50_duration_ms],
  ['P99 ms', 'p99_duration_ms', (w) => w.p99_duration_ms],
];

const shown = (v: number | null | undefined) => (v === null || v === undefined ? '–' : formatNumber(v));
const minutes = (seconds: number) => `${formatNumber(Math.round((seconds / 60) * 10) / 10)} min`;

export function BeforeAfterTable({ comparison }: { comparison: BeforeAfter }) {
  const { dataset, before, after, bubbleup } = comparison;
  const query = { ...bubbleup.query, calculations: [{ op: 'COUNT' as const }, { op: 'HEATMAP' as const, column: 'duration_ms' }] };
  const elapsed = after.end_time - after.start_time;
  return (
    <div className="before-after">
      <table className="before-after-table">
        <thead>
          <tr>
            <th />
            <th>before ({minutes(before.end_time - before.start_time)})</th>
            <th data-after-elapsed={elapsed}>
              {elapsed < after.window_seconds ? `after (${minutes(elapsed)} so far of ${minutes(after.window_seconds)})` : `after (${minutes(elapsed)})`}
            </th>
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
      {comparison.entry_points.length > 0 && <EntryPoints comparison={comparison} />}
      <Link href={routeToHref({ page: 'query', state: { dataset, query, columns: [] } })}>Query both windows</Link>
    </div>
  );
}

/** Per entry point (root span name): before → after, what moved marked; those that moved first. */
function EntryPoints({ comparison }: { comparison: BeforeAfter }) {
  const movedCount = comparison.entry_points.filter((e) => e.moved.length > 0).length;
  return (
    <>
      <div className="muted before-after-summary">
        {movedCount === 0 ? 'No entry point moved.' : `${movedCount} of ${comparison.entry_points.length} entry points moved.`}
      </div>
      <table className="before-after-table entry-points">
        <thead>
          <tr>
            <th>entry point</th>
            {ENTRY_COLUMNS.map(([label]) => (
              <th key={label}>{label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {comparison.entry_points.map((entry) => (
            <tr key={entry.name} data-entry-point={entry.name} className={entry.moved.length > 0 ? 'moved' : undefined}>
              <th>
                <FieldText value={entry.name} />
              </th>
              {ENTRY_COLUMNS.map(([label, key, value]) => (
                <td key={label} className={`num${entry.moved.includes(key) ? ' moved' : ''}`} data-moved={entry.moved.includes(key) || undefined}>
                  {shown(entry.before && value(entry.before))} → {shown(entry.after && value(entry.after))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
