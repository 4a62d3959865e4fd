// An SLO's burn-down as a small line: budget left over the window, from 100% at the top to
// 0% at the bottom (an overspent budget runs below it).
import type { SloReport } from './alerts-api.ts';

const [WIDTH, HEIGHT] = [140, 28];

export function BurnDownLine({ points }: { points: SloReport['burn_down'] }) {
  const known = points.filter((p) => p.budget_remaining !== null);
  if (known.length < 2) return null;
  const [first, last] = [known[0].time, known[known.length - 1].time];
  const lowest = Math.min(0, ...known.map((p) => p.budget_remaining!));
  const y = (v: number) => ((1 - v) / (1 - lowest)) * (HEIGHT - 2) + 1;
  const line = known.map((p) => `${(((p.time - first) / (last - first || 1)) * WIDTH).toFixed(1)},${y(p.budget_remaining!).toFixed(1)}`).join(' ');
  return (
    <svg className="burn-down" width={WIDTH} height={HEIGHT} role="img" aria-label="budget left over the window">
      <line x1={0} x2={WIDTH} y1={y(0)} y2={y(0)} className="burn-down-zero" />
      <polyline points={line} />
    </svg>
  );
}
