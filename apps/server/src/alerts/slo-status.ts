// An SLO's numbers from its per-minute good/total counts, in pure functions: compliance,
// error budget remaining, the burn-down over the window, and burn rates over the
// multi-window pairs of the Google SRE workbook (fast: 1h and 5m at 14.4x; slow: 6h and
// 30m at 6x), both of a pair above the factor for the alert to fire.
import type { MinuteCount } from './alert-store.ts';
import type { BurnDownPoint, SloStatus } from '@flashlight/api';
export type { BurnDownPoint, SloStatus };

export interface BurnAlertRule {
  name: 'fast_burn' | 'slow_burn';
  longMinutes: number;
  shortMinutes: number;
  factor: number;
}

export const BURN_ALERT_RULES: readonly BurnAlertRule[] = [
  { name: 'fast_burn', longMinutes: 60, shortMinutes: 5, factor: 14.4 },
  { name: 'slow_burn', longMinutes: 360, shortMinutes: 30, factor: 6 },
];

function sums(minutes: readonly MinuteCount[], from: number, to: number) {
  let good = 0;
  let total = 0;
  for (const m of minutes) {
    if (m.minute < from || m.minute >= to) continue;
    good += m.good;
    total += m.total;
  }
  return { good, total };
}

const budgetRemaining = (good: number, total: number, allowedBadFraction: number) => (total === 0 ? null : 1 - (total - good) / (allowedBadFraction * total));

/**
 * `minutes` cover [windowStart, end) (unix seconds, `end` on a whole minute), oldest first;
 * `targetPercent` is e.g. 99.9.
 */
export function sloStatus(minutes: readonly MinuteCount[], targetPercent: number, windowStart: number, end: number): SloStatus {
  const allowed = 1 - targetPercent / 100;
  const { good, total } = sums(minutes, windowStart, end);
  const burn = (windowMinutes: number) => {
    const recent = sums(minutes, end - windowMinutes * 60, end);
    return recent.total === 0 ? null : (recent.total - recent.good) / recent.total / allowed;
  };
  const burn_rates: Record<string, number | null> = {};
  const alerts = {} as SloStatus['alerts'];
  for (const rule of BURN_ALERT_RULES) {
    const [long, short] = [burn(rule.longMinutes), burn(rule.shortMinutes)];
    burn_rates[`${rule.longMinutes}m`] = long;
    burn_rates[`${rule.shortMinutes}m`] = short;
    alerts[rule.name] = long !== null && short !== null && long >= rule.factor && short >= rule.factor;
  }
  const burn_down: BurnDownPoint[] = [];
  let [runningGood, runningTotal, i] = [0, 0, 0];
  for (let hourEnd = windowStart + 3600; hourEnd < end + 3600; hourEnd += 3600) {
    const until = Math.min(hourEnd, end);
    for (; i < minutes.length && minutes[i].minute < until; i++) {
      if (minutes[i].minute < windowStart) continue;
      runningGood += minutes[i].good;
      runningTotal += minutes[i].total;
    }
    burn_down.push({ time: until, budget_remaining: budgetRemaining(runningGood, runningTotal, allowed) });
  }
  return {
    total,
    good,
    bad: total - good,
    compliance_percent: total === 0 ? null : (good / total) * 100,
    budget_remaining: budgetRemaining(good, total, allowed),
    burn_rates,
    alerts,
    burn_down,
  };
}
