// How large the service map is drawn: fitted to the space it has (never enlarged past its
// own size), or a chosen zoom. Pure arithmetic; the page measures and draws.

export type Zoom = { fit: true } | { fit: false; scale: number };

export const FIT: Zoom = { fit: true };
const SCALES = [0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3];

/** The scale at which the whole map fits the viewport, at most its own size. */
export function fitScale(map: { width: number; height: number }, viewport: { width: number; height: number }): number {
  if (viewport.width <= 0 || viewport.height <= 0) return 1;
  return Math.min(1, viewport.width / map.width, viewport.height / map.height);
}

/** The next zoom step in or out from the scale shown now. */
export function zoomed(current: number, direction: 'in' | 'out'): number {
  const next = direction === 'in' ? SCALES.find((s) => s > current + 1e-6) : SCALES.findLast((s) => s < current - 1e-6);
  return next ?? current;
}
