// The trace page's two ways into a comparison: with the trace's peers in one click, or
// with another trace whose id (or traceparent) is typed in.
import { useState } from 'react';
import { Link, navigate } from '../ui/navigation.tsx';
import { routeToHref } from '../query/url-state.ts';
import { parseTraceInput } from './trace-id-input.ts';

export function CompareWith({ traceId }: { traceId: string }) {
  const [open, setOpen] = useState(false);
  const [other, setOther] = useState('');
  const compare = () => {
    const target = parseTraceInput(other);
    if (target) navigate(routeToHref({ page: 'trace-compare', compare: { traceId, other: target.traceId } }));
  };
  return (
    <span className="compare-with">
      <Link className="button small" href={routeToHref({ page: 'trace-compare', compare: { traceId, other: null } })}>
        Compare with peers
      </Link>
      {open ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            compare();
          }}
        >
          <input aria-label="Trace id to compare with" placeholder="Trace id…" autoFocus value={other} onChange={(e) => setOther(e.target.value)} />
          <button type="submit" className="small" disabled={!other.trim()}>
            Compare
          </button>
        </form>
      ) : (
        <button type="button" className="small" onClick={() => setOpen(true)}>
          Compare with…
        </button>
      )}
    </span>
  );
}
