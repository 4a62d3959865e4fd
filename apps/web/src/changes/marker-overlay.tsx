// Markers on a chart: a vertical line at a marker's time, or a band over its span, with its
// type and message (as text) on hover.
import { useState } from 'react';
import { MARGIN, xOf, type Frame } from '../results/chart-frame.ts';
import { formatTickTime } from '../results/chart-axes.ts';
import type { Marker } from './markers-api.ts';
import './markers.css';

interface Props {
  markers: readonly Marker[];
  frame: Frame;
}

export function MarkerOverlay({ markers, frame }: Props) {
  const [hovered, setHovered] = useState<string | null>(null);
  const span = frame.endMs - frame.startMs;
  return (
    <>
      {markers.map((marker) => {
        const startMs = marker.start_time * 1000;
        const endMs = (marker.end_time ?? marker.start_time) * 1000;
        if (endMs < frame.startMs || startMs > frame.endMs) return null;
        const left = xOf(frame, Math.max(startMs, frame.startMs));
        const right = xOf(frame, Math.min(endMs, frame.endMs));
        const band = marker.end_time !== null;
        return (
          <div
            key={marker.id}
            className={`marker ${band ? 'marker-band' : 'marker-line'} marker-${marker.source}`}
            data-marker-id={marker.id}
            style={{ left, width: band ? Math.max(right - left, 2) : undefined, top: MARGIN.top, bottom: MARGIN.bottom }}
            onMouseEnter={() => setHovered(marker.id)}
            onMouseLeave={() => setHovered(null)}
          >
            {hovered === marker.id && (
              <div className={`tooltip marker-tooltip ${left > frame.width / 2 ? 'left' : 'right'}`} role="tooltip">
                <div className="tooltip-time">
                  {marker.type} · {formatTickTime(startMs, Math.min(span, 60_000))}
                  {band ? ` – ${formatTickTime(endMs, Math.min(span, 60_000))}` : ''}
                </div>
                <div className="marker-message">{marker.message || '(no message)'}</div>
                {marker.url && <div className="muted marker-url">{marker.url}</div>}
              </div>
            )}
          </div>
        );
      })}
    </>
  );
}
