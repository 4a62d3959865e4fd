// Each edge's requests and errors over time, for a sparkline that shows what an average over
// the range hides (a five-minute outage in two hours): about SERIES_POINTS points of a step
// from a short list, aligned to the epoch, so a rolled minute, hour or day of edge totals
// falls in one point whenever the step is a whole number of them.
import type { FlowScope } from './flow-scope.ts';
import type { SeriesPoint } from '@flashlight/api';
export type { SeriesPoint };

/** About this many points over the range. */
const SERIES_POINTS = 60;
const SECOND_US = 1e6;
const STEPS_US = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * SECOND_US);

const HOUR_US = 3600 * SECOND_US;

/**
 * The smallest step that gives at most SERIES_POINTS points over the range, µs; over a day
 * or more, at least an hour, so that the map reads rolled hours instead of minutes.
 */
export function seriesStepUs(scope: Pick<FlowScope, 'startUs' | 'endUs'>): number {
  const range = scope.endUs - scope.startUs;
  const wanted = Math.max(range / SERIES_POINTS, range >= 24 * HOUR_US ? HOUR_US : 0);
  return STEPS_US.find((step) => step >= wanted) ?? STEPS_US[STEPS_US.length - 1];
}

/** The time that has passed of the range, seconds: a range still open ends now. */
export function elapsedSeconds(scope: Pick<FlowScope, 'startUs' | 'endUs' | 'nowUs'>): number {
  return Math.max(0, Math.min(scope.endUs, scope.nowUs) - scope.startUs) / SECOND_US;
}

/** Requests per second over the time that has passed (none before the range begins). */
export function rateOver(requests: number, scope: Pick<FlowScope, 'startUs' | 'endUs' | 'nowUs'>): number {
  const elapsed = elapsedSeconds(scope);
  return elapsed > 0 ? requests / elapsed : 0;
}

/** Sums of one edge per step start (µs). */
export type StepSums = Map<number, { requests: number; errors: number }>;

export function addToStep(sums: StepSums, stepStartUs: number, requests: number, errors: number): void {
  const known = sums.get(stepStartUs);
  sums.set(stepStartUs, { requests: (known?.requests ?? 0) + requests, errors: (known?.errors ?? 0) + errors });
}

/** Every step from the range's start to the time that has passed, zero where nothing happened. */
export function denseSeries(sums: StepSums, scope: Pick<FlowScope, 'startUs' | 'endUs' | 'nowUs'>): SeriesPoint[] {
  const step = seriesStepUs(scope);
  const end = Math.min(scope.endUs, scope.nowUs);
  const points: SeriesPoint[] = [];
  for (let at = scope.startUs - (scope.startUs % step); at < end; at += step) {
    const sum = sums.get(at);
    points.push({ time: at / SECOND_US, requests: sum?.requests ?? 0, errors: sum?.errors ?? 0 });
  }
  return points;
}
