// The arithmetic of Core Web Vitals, apart from the observers that feed it: CLS session
// windows, the INP percentile, and the good / needs-improvement / poor thresholds.

export type VitalName = 'lcp' | 'inp' | 'cls' | 'fcp' | 'ttfb';
export type VitalRating = 'good' | 'needs-improvement' | 'poor';

/** [good up to, poor above], as web.dev defines them (ms, CLS unitless). */
const THRESHOLDS: Record<VitalName, [number, number]> = {
  lcp: [2500, 4000],
  inp: [200, 500],
  cls: [0.1, 0.25],
  fcp: [1800, 3000],
  ttfb: [800, 1800],
};

export function vitalRating(name: VitalName, value: number): VitalRating {
  const [good, poor] = THRESHOLDS[name];
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
}

export interface LayoutShiftSessions {
  /** Largest session total so far: the page's CLS. */
  max: number;
  current: number;
  firstMs: number;
  lastMs: number;
}

export const noLayoutShifts = (): LayoutShiftSessions => ({ max: 0, current: 0, firstMs: 0, lastMs: 0 });

/**
 * Adds one shift (not caused by recent input). Shifts less than 1 s apart and within 5 s of
 * the session's first join one session; CLS is the largest session.
 */
export function addLayoutShift(sessions: LayoutShiftSessions, startMs: number, value: number): void {
  const joins = sessions.current > 0 && startMs - sessions.lastMs < 1000 && startMs - sessions.firstMs < 5000;
  if (joins) sessions.current += value;
  else Object.assign(sessions, { current: value, firstMs: startMs });
  sessions.lastMs = startMs;
  sessions.max = Math.max(sessions.max, sessions.current);
}

/**
 * INP from the longest duration of each interaction: the worst one, ignoring one outlier per
 * 50 interactions (about the 98th percentile). Undefined before any interaction.
 */
export function interactionToNextPaint(durations: Iterable<number>): number | undefined {
  const sorted = [...durations].sort((a, b) => b - a);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length / 50))] : undefined;
}
