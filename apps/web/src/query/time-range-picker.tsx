// The time controls: a preset or an absolute window, and the granularity of the series.
import type { QuerySpec } from '../api/query-spec.ts';
import {
  GRANULARITY_CHOICES,
  TIME_RANGE_PRESETS,
  formatDuration,
  fromLocalInputValue,
  resolveTimeRange,
  toLocalInputValue,
  withAbsoluteRange,
  withRelativeRange,
} from './time-range.ts';

interface Props {
  query: QuerySpec;
  onChange: (query: QuerySpec) => void;
}

const CUSTOM = 'custom';

export function TimeRangePicker({ query, onChange }: Props) {
  const absolute = query.start_time !== undefined || query.end_time !== undefined;
  const range = resolveTimeRange(query, Date.now());
  const relative = query.time_range ?? 7200;
  const preset = absolute ? CUSTOM : String(relative);
  const presets =
    TIME_RANGE_PRESETS.some((p) => p.seconds === relative) || absolute
      ? TIME_RANGE_PRESETS
      : [...TIME_RANGE_PRESETS, { label: `Last ${formatDuration(relative)}`, seconds: relative }];

  const setBound = (bound: 'start' | 'end', value: string) => {
    const seconds = fromLocalInputValue(value);
    if (seconds !== null) onChange(withAbsoluteRange(query, { ...range, [bound]: seconds }));
  };

  return (
    <div className="time-controls">
      <label className="field">
        <span>Time</span>
        <select
          aria-label="Time range"
          value={preset}
          onChange={(e) => {
            if (e.target.value === CUSTOM) onChange(withAbsoluteRange(query, range));
            else onChange(withRelativeRange(query, Number(e.target.value)));
          }}
        >
          {presets.map((p) => (
            <option key={p.seconds} value={p.seconds}>
              {p.label}
            </option>
          ))}
          <option value={CUSTOM}>Custom range…</option>
        </select>
      </label>
      {absolute && (
        <>
          <input type="datetime-local" aria-label="Start time" value={toLocalInputValue(range.start)} onChange={(e) => setBound('start', e.target.value)} />
          <span className="muted">to</span>
          <input type="datetime-local" aria-label="End time" value={toLocalInputValue(range.end)} onChange={(e) => setBound('end', e.target.value)} />
        </>
      )}
      <label className="field">
        <span>Granularity</span>
        <select
          aria-label="Granularity"
          value={query.granularity ?? ''}
          onChange={(e) => {
            const { granularity: _g, ...rest } = query;
            onChange(e.target.value ? { ...rest, granularity: Number(e.target.value) } : rest);
          }}
        >
          <option value="">auto</option>
          {GRANULARITY_CHOICES.map((g) => (
            <option key={g.seconds} value={g.seconds}>
              {g.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
