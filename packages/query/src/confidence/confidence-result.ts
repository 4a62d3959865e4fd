// Each result row's and series point's intervals (`ci`, parallel to `data`) and the
// calculations too uncertain to rank (`uncertain`), from the partial sums its statement
// row carries in the aggregate columns after the calculations'.
import type { ResultLayout } from '../compile-query.ts';
import type { ResultData } from '../query-result.ts';
import type { CalculationConfidence, ConfidencePlan, MeasureTerms } from './confidence-plan.ts';
import { avgVariance, countInterval, isUncertain, linearInterval, percentileInterval, type Interval, type MeasureSums } from './sample-intervals.ts';
import { quantileFromLadder } from './quantile-ladder.ts';

/** A calculation's interval by its result name; null where it has none; an end null where the sample cannot bound it. */
export type ResultIntervals = Record<string, [number | null, number | null] | null>;

export interface RowConfidence {
  ci: ResultIntervals;
  /** The calculations whose interval is wider than their value (isUncertain). */
  uncertain: string[];
}

/** A shaped row with the statement row it came from. */
export interface SourcedRow {
  row: Record<string, unknown>;
  data: ResultData;
}
export interface SourcedPoint extends SourcedRow {
  bucketUs: number;
  rank: number;
}

const numberOf = (value: unknown): number | null => {
  const n = typeof value === 'bigint' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};

/** The variance of a calculation's underlying estimate in one statement row; null where it has none. */
function variance(method: CalculationConfidence, row: Record<string, unknown>, value: number, plan: ConfidencePlan): number | null {
  const read = (aggregate: number) => numberOf(row[`a${aggregate}`]);
  switch (method.method) {
    case 'count':
      return read(plan.q) ?? 0;
    case 'sum':
      return read(method.terms.q2) ?? 0;
    case 'avg': {
      const sums = measureSums(method.terms, read);
      return sums && sums.weight > 0 ? avgVariance(value, sums) : null;
    }
    default:
      return null;
  }
}

/** The group's sums of a measured column; a term the method does not read is 0. */
function measureSums(terms: Partial<MeasureTerms> & Pick<MeasureTerms, 'weight'>, read: (aggregate: number) => number | null): MeasureSums | null {
  const term = (aggregate: number | undefined) => (aggregate === undefined ? 0 : (read(aggregate) ?? 0));
  return read(terms.weight) === null ? null : { weight: read(terms.weight)!, q0: term(terms.q0), q1: term(terms.q1), q2: term(terms.q2) };
}

/** The interval of a calculation that is not a rate, in one statement row. */
function interval(method: CalculationConfidence, row: Record<string, unknown>, value: unknown, plan: ConfidencePlan): Interval | null {
  if (typeof value !== 'number') return null;
  const read = (aggregate: number) => numberOf(row[`a${aggregate}`]);
  const { z } = plan;
  switch (method.method) {
    case 'count':
      return countInterval(value, read(plan.q) ?? 0, z);
    case 'percentile': {
      const sums = measureSums(method.terms, read);
      const quantiles = row[`a${method.ladder.aggregate}`];
      const ladder = Array.isArray(quantiles) ? quantiles : [];
      const rungs = [{ fraction: method.fraction, value }, ...method.ladder.fractions.map((fraction, k) => ({ fraction, value: numberOf(ladder[k]) }))];
      return sums && percentileInterval(method.fraction, sums, z, (f) => quantileFromLadder(rungs, f));
    }
    case 'exact-only':
      // Without sampling the answer is exact; with it there is no estimate of its spread.
      return read(plan.q) === 0 ? [value, value] : null;
    default: {
      const v = variance(method, row, value, plan);
      return v === null ? null : linearInterval(value, [1], [v], z);
    }
  }
}

/** Intervals for the totals and the series of a shaped result, in their order. */
export function resultConfidence(
  layout: ResultLayout,
  totals: readonly SourcedRow[],
  series: readonly SourcedPoint[],
): { totals: RowConfidence[]; series: RowConfidence[] } {
  const plan = layout.confidence!;
  const intervals = (rows: readonly SourcedRow[]) => rows.map((): Record<string, Interval | null> => ({}));
  const [totalIntervals, seriesIntervals] = [intervals(totals), intervals(series)];
  const seconds = layout.bucketUs / 1e6;

  layout.calculations.forEach(({ name, op }, i) => {
    const method = plan.calculations[i];
    if (!op.startsWith('RATE_')) {
      totals.forEach(({ row, data }, k) => (totalIntervals[k][name] = interval(method, row, data[name], plan)));
      series.forEach(({ row, data }, k) => (seriesIntervals[k][name] = interval(method, row, data[name], plan)));
      return;
    }
    // A rate is a difference of two buckets' estimates per second; its total the mean of those.
    const underlyingVariance = (point: SourcedPoint) => {
      const value = numberOf(point.row[`a${i}`]);
      return value === null ? null : variance(method, point.row, value, plan);
    };
    totals.forEach((total, rank) => {
      const points = series.map((point, k) => ({ point, k })).filter(({ point }) => point.rank === rank);
      const byBucket = new Map(points.map(({ point }) => [point.bucketUs, point]));
      const coefficients = new Map<SourcedPoint, number>();
      let rates = 0;
      for (const { point, k } of points) {
        const previous = byBucket.get(point.bucketUs - layout.bucketUs);
        const rate = point.data[name];
        const [current, before] = [underlyingVariance(point), previous && underlyingVariance(previous)];
        if (typeof rate !== 'number' || !previous || current === null || before === null || before === undefined) {
          seriesIntervals[k][name] = null;
          continue;
        }
        seriesIntervals[k][name] = linearInterval(rate, [1 / seconds, -1 / seconds], [current, before], plan.z);
        coefficients.set(point, (coefficients.get(point) ?? 0) + 1);
        coefficients.set(previous, (coefficients.get(previous) ?? 0) - 1);
        rates++;
      }
      const mean = total.data[name];
      const entries = [...coefficients];
      totalIntervals[rank][name] =
        typeof mean === 'number' && rates > 0
          ? linearInterval(
              mean,
              entries.map(([, c]) => c / (rates * seconds)),
              entries.map(([point]) => underlyingVariance(point as SourcedPoint) ?? 0),
              plan.z,
            )
          : null;
    });
  });

  const withUncertain = (rows: readonly SourcedRow[], intervals: Record<string, Interval | null>[]): RowConfidence[] =>
    rows.map(({ data }, k) => ({
      ci: Object.fromEntries(Object.entries(intervals[k]).map(([name, interval]) => [name, interval && asJson(interval)])),
      uncertain: layout.calculations.filter(({ name }) => isUncertain(data[name], intervals[k][name])).map(({ name }) => name),
    }));
  return { totals: withUncertain(totals, totalIntervals), series: withUncertain(series, seriesIntervals) };
}

/** JSON has no infinity: an end the sample cannot bound is null. */
const asJson = ([lo, hi]: Interval): [number | null, number | null] => [Number.isFinite(lo) ? lo : null, Number.isFinite(hi) ? hi : null];
