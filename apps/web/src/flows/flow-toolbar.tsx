// The bar above every flow page: the three views as tabs, the time range, and a filter
// that selects traces ("user.id = u-42", "service.name = checkout").
import { useState } from 'react';
import { TimeRangePicker } from '../query/time-range-picker.tsx';
import { formatFilter, parseFilter } from '@flashlight/query/clauses';
import { Link, navigate } from '../ui/navigation.tsx';
import { FLOW_VIEWS, flowHref, type FlowRoute } from './flow-route.ts';

export function FlowToolbar({ route }: { route: FlowRoute }) {
  const [text, setText] = useState((route.query.filters ?? []).map(formatFilter).join(' AND '));
  const [error, setError] = useState<string | null>(null);
  const go = (query: FlowRoute['query']) => navigate(flowHref({ ...route, query }));

  const applyFilter = () => {
    const parts = text
      .split(/\s+AND\s+/)
      .map((part) => part.trim())
      .filter(Boolean);
    const filters = [];
    for (const part of parts) {
      // The server knows each field's type and converts the value; text is fine here.
      const parsed = parseFilter(part, () => undefined);
      if (!parsed.ok) return setError(parsed.error);
      filters.push(parsed.value);
    }
    setError(null);
    go({ ...route.query, filters, filter_combination: 'AND' });
  };

  return (
    <div className="flow-toolbar">
      <nav className="flow-tabs" aria-label="Flow views">
        {FLOW_VIEWS.map(({ view, label }) => (
          <Link key={view} href={flowHref({ view, query: route.query })} className={view === route.view ? 'active' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      <TimeRangePicker
        query={route.query}
        onChange={(query) => go({ ...route.query, time_range: query.time_range, start_time: query.start_time, end_time: query.end_time })}
      />
      <form
        className="flow-filter"
        onSubmit={(e) => {
          e.preventDefault();
          applyFilter();
        }}
      >
        <input
          aria-label="Trace filter"
          placeholder="Only traces where… e.g. user.id = u-42"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" className="small">
          Apply
        </button>
      </form>
      {error && <span className="clause-error">{error}</span>}
    </div>
  );
}
