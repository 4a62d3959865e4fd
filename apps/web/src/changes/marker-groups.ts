// Markers as drawn: a band over a span stays one mark; point markers of the same kind,
// dataset and origin that fall within a few pixels of each other (a dozen services each
// starting a version at once) become one mark with a count, their details on hover.
import type { Marker } from './markers-api.ts';

/** Point markers closer than this to the first of a group join it. */
export const GROUP_PX = 14;

export interface MarkerMark {
  /** The first marker's id: stable while the group keeps its first member. */
  id: string;
  kind: string;
  source: Marker['source'];
  /** Oldest first. */
  markers: Marker[];
  left: number;
  /** Bands only: where the band ends. */
  right: number | null;
}

const groupKey = (m: Marker) => JSON.stringify([m.type, m.dataset, m.source]);

/** The marks over a chart whose time axis is `x` (ms → px), inside [startMs, endMs]. */
export function groupMarkers(markers: readonly Marker[], x: (ms: number) => number, startMs: number, endMs: number): MarkerMark[] {
  const marks: MarkerMark[] = [];
  const open = new Map<string, MarkerMark>();
  const visible = markers
    .filter((m) => (m.end_time ?? m.start_time) * 1000 >= startMs && m.start_time * 1000 <= endMs)
    .sort((a, b) => a.start_time - b.start_time);
  for (const marker of visible) {
    const left = x(Math.max(marker.start_time * 1000, startMs));
    const base = { id: marker.id, kind: marker.type, source: marker.source, markers: [marker], left };
    if (marker.end_time !== null) {
      marks.push({ ...base, right: x(Math.min(marker.end_time * 1000, endMs)) });
      continue;
    }
    const key = groupKey(marker);
    const group = open.get(key);
    if (group && left - group.left < GROUP_PX) {
      group.markers.push(marker);
      continue;
    }
    const mark = { ...base, right: null };
    open.set(key, mark);
    marks.push(mark);
  }
  return marks;
}
