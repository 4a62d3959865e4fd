// Markers on a chart: a vertical line at a marker's time, or a band over its span, with its
// type and message (as text) on hover. Nearby markers of one kind and dataset share a line
// with their count; hovering it lists them.
import { useState } from 'react';
import { MARGIN, xOf, type Frame } from '../results/chart-frame.ts';
import { formatTickTime } from '../results/chart-axes.ts';
import type { Marker } from './markers-api.ts';
import { groupMarkers, type MarkerMark } from './marker-groups.ts';
import './markers.css';

/** The most markers a group's tooltip lists; the rest are counted. */
const LISTED = 15;

interface Props {
  markers: readonly Marker[];
  frame: Frame;
}

export function MarkerOverlay({ markers, frame }: Props) {
  const [hovered, setHovered] = useState<string | null>(null);
  const tickMs = Math.min(frame.endMs - frame.startMs, 60_000);
  const time = (seconds: number) => formatTickTime(seconds * 1000, tickMs);
  return (
    <>
      {groupMarkers(markers, (ms) => xOf(frame, ms), frame.startMs, frame.endMs).map((mark) => {
        const band = mark.right !== null;
        const count = mark.markers.length;
        return (
          <div
            key={mark.id}
            className={`marker ${band ? 'marker-band' : 'marker-line'} marker-${mark.source}`}
            data-marker-id={mark.id}
            data-marker-kind={mark.kind}
            data-count={count}
            style={{ left: mark.left, width: band ? Math.max(mark.right! - mark.left, 2) : undefined, top: MARGIN.top, bottom: MARGIN.bottom }}
            onMouseEnter={() => setHovered(mark.id)}
            onMouseLeave={() => setHovered(null)}
          >
            {count > 1 && <span className="marker-count">{count}</span>}
            {hovered === mark.id && (
              <div className={`tooltip marker-tooltip ${mark.left > frame.width / 2 ? 'left' : 'right'}`} role="tooltip">
                {count === 1 ? <OneMarker marker={mark.markers[0]} time={time} /> : <MarkerGroup mark={mark} time={time} />}
              </div>
            )}
          </div>
        );
      })}
    </>
  );
}

function OneMarker({ marker, time }: { marker: Marker; time: (seconds: number) => string }) {
  return (
    <>
      <div className="tooltip-time">
        {marker.type} · {time(marker.start_time)}
        {marker.end_time !== null ? ` – ${time(marker.end_time)}` : ''}
      </div>
      <div className="marker-message">{marker.message || '(no message)'}</div>
      {marker.url && <div className="muted marker-url">{marker.url}</div>}
    </>
  );
}

function MarkerGroup({ mark, time }: { mark: MarkerMark; time: (seconds: number) => string }) {
  const { markers } = mark;
  const where = markers[0].dataset ?? 'every dataset';
  return (
    <>
      <div className="tooltip-time">
        {markers.length} {mark.kind} markers · {where} · {time(markers[0].start_time)} – {time(markers[markers.length - 1].start_time)}
      </div>
      <ul className="marker-group-list">
        {markers.slice(0, LISTED).map((marker) => (
          <li key={marker.id}>
            <span className="muted">{time(marker.start_time)}</span> <span className="marker-message">{marker.message || '(no message)'}</span>
          </li>
        ))}
      </ul>
      {markers.length > LISTED && <div className="muted">and {markers.length - LISTED} more</div>}
    </>
  );
}
