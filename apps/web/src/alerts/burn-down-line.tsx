// An SLO's burn-down as a small line: budget left over the window, from 100% at the top to
// 0% at the bottom (an overspent budget runs below it).
import type { SloReport } from './alerts-api.ts';
import { burnDownPoints } from './burn-down-points.ts';

const [WIDTH, HEIGHT] = [140, 28];

export function BurnDownLine({ points }: { points: SloReport['burn_down'] }) {
  const drawn = burnDownPoints(points, WIDTH, HEIGHT);
  if (!drawn) return <span className="muted">no events yet</span>;
  return (
    <svg className="burn-down" width={WIDTH} height={HEIGHT} role="img" aria-label="budget left over the window">
      <line x1={0} x2={WIDTH} y1={drawn.zeroY} y2={drawn.zeroY} className="burn-down-zero" />
      <polyline points={drawn.line} />
    </svg>
  );
}
