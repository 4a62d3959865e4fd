// Which kinds of marker (deploy, flag, config, …) the charts show: one checkbox per kind
// present, with its count. The choice is kept in the browser for every query.
import { useState } from 'react';
import type { Marker } from './markers-api.ts';

const STORAGE_KEY = 'flashlight.hiddenMarkerKinds';

function savedKinds(): Set<string> {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return new Set(Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string') : []);
  } catch {
    return new Set();
  }
}

/** The hidden kinds, and a switch for one kind. */
export function useHiddenMarkerKinds(): [ReadonlySet<string>, (kind: string) => void] {
  const [hidden, setHidden] = useState(savedKinds);
  const toggle = (kind: string) => {
    const next = new Set(hidden);
    if (!next.delete(kind)) next.add(kind);
    localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
    setHidden(next);
  };
  return [hidden, toggle];
}

export function MarkerKinds({ markers, hidden, onToggle }: { markers: readonly Marker[]; hidden: ReadonlySet<string>; onToggle: (kind: string) => void }) {
  const counts = new Map<string, number>();
  for (const marker of markers) counts.set(marker.type, (counts.get(marker.type) ?? 0) + 1);
  return (
    <div className="marker-kinds" role="group" aria-label="Markers shown">
      <span className="muted">Markers:</span>
      {[...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, count]) => (
          <label key={kind}>
            <input type="checkbox" checked={!hidden.has(kind)} onChange={() => onToggle(kind)} />
            {kind} ({count})
          </label>
        ))}
    </div>
  );
}
