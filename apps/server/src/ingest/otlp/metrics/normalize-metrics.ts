// Metric data points to wide events in the dataset of their service: one event per point,
// and for histograms one more per non-empty bucket, so bucket counts aggregate with the
// same SUM / GROUP BY as any other field (see README.md, "Metrics").
import { doubleValue } from '../any-value.ts';
import { addAttributes, copyFields, cutString, serviceNameOf, sharedFields, type Fields, type SharedFields } from '../attribute-fields.ts';
import { DatasetBatcher } from '../dataset-batcher.ts';
import type { DecodedOtlp } from '../decoded-otlp.ts';
import type { FieldBudget } from '../field-budget.ts';
import { ItemTally } from '../item-tally.ts';
import type { EventTimeWindow } from '../../event-time-window.ts';
import { nanosToMicros, type KeyValue } from '../otlp-model.ts';
import type { WideEvent } from '../../../events/wide-event.ts';
import type { ExponentialHistogramPoint, HistogramPoint, OtlpMetric, OtlpResourceMetrics } from './metrics-model.ts';

const TEMPORALITY = ['unspecified', 'delta', 'cumulative'];

/** A histogram bucket: counts between `lower` and `upper`; an unbounded side is left out. */
export interface Bucket {
  lower: number | undefined;
  upper: number | undefined;
  count: number;
}

export function normalizeMetrics(resourceMetrics: OtlpResourceMetrics[], environment: string, budget: FieldBudget, window: EventTimeWindow): DecodedOtlp {
  const receivedUs = window.nowUs;
  const batcher = new DatasetBatcher(environment);
  const tally = new ItemTally('data points');
  for (const { resource, scopeMetrics } of resourceMetrics) {
    const serviceName = serviceNameOf(resource);
    const events = batcher.eventsOf(serviceName);
    for (const { scope, metrics } of scopeMetrics) {
      const shared = sharedFields(resource, scope, serviceName, tally);
      for (const metric of metrics) {
        const emit = (attributes: KeyValue[], timeNanos: bigint, own: Fields, buckets: Bucket[] = []): void => {
          const timeUs = timeNanos > 0n ? nanosToMicros(timeNanos) : receivedUs;
          const problem = window.problem(timeUs) ?? (budget.takeEvent(shared.names.length, attributes.length + buckets.length * 4) ? null : budget.exhausted);
          if (problem !== null) {
            tally.reject(problem);
            return;
          }
          const fields = pointFields(shared, metric, attributes, tally, serviceName);
          Object.assign(fields, own);
          events.push({ timeUs, sampleRate: 1, fields });
          pushBuckets(events, fields, timeUs, buckets);
        };
        if (metric.type === undefined || metric.name === '') {
          tally.reject('a metric without a name or data');
          continue;
        }
        for (const point of metric.numberPoints) {
          if (point.value === undefined) {
            tally.reject('a number data point without a value');
            continue;
          }
          emit(point.attributes, point.timeUnixNano, { value: numberValue(point.value) });
        }
        for (const point of metric.histogramPoints) {
          emit(point.attributes, point.timeUnixNano, summaryFields(point), explicitBuckets(point));
        }
        for (const point of metric.exponentialPoints) {
          emit(point.attributes, point.timeUnixNano, summaryFields(point), exponentialBuckets(point));
        }
        for (const point of metric.summaryPoints) {
          const own: Fields = { count: Number(point.count), sum: doubleValue(point.sum) };
          for (const { quantile, value } of point.quantiles) own[`quantile.${quantile}`] = doubleValue(value);
          emit(point.attributes, point.timeUnixNano, own);
        }
      }
    }
  }
  return { batches: batcher.batches(), rejected: tally.rejected, errorMessage: tally.message() };
}

function pointFields(shared: SharedFields, metric: OtlpMetric, attributes: KeyValue[], tally: ItemTally, serviceName: string): Fields {
  const fields = copyFields(shared);
  addAttributes(fields, attributes, tally);
  fields['metric.name'] = cutString(metric.name, tally);
  fields['metric.type'] = metric.type as string;
  if (metric.unit !== '') fields['metric.unit'] = cutString(metric.unit, tally);
  if (metric.description !== '') fields['metric.description'] = cutString(metric.description, tally);
  if (metric.type === 'sum' || metric.type === 'histogram' || metric.type === 'exponential_histogram') {
    fields['metric.temporality'] = TEMPORALITY[metric.temporality];
  }
  if (metric.type === 'sum') fields['metric.monotonic'] = metric.monotonic;
  fields['service.name'] = serviceName;
  fields['meta.signal_type'] = 'metric';
  return fields;
}

function numberValue(value: number | bigint): number | string {
  return typeof value === 'bigint' ? value.toString() : doubleValue(value);
}

function summaryFields(point: HistogramPoint | ExponentialHistogramPoint): Fields {
  const fields: Fields = { count: Number(point.count) };
  if (point.sum !== undefined) fields.sum = doubleValue(point.sum);
  if (point.min !== undefined) fields.min = doubleValue(point.min);
  if (point.max !== undefined) fields.max = doubleValue(point.max);
  return fields;
}

/** Bucket i holds (bounds[i-1], bounds[i]]; the first is open below, the last above. */
export function explicitBuckets(point: HistogramPoint): Bucket[] {
  const { bucketCounts, explicitBounds } = point;
  return bucketCounts.map((count, i) => ({
    lower: i === 0 ? undefined : explicitBounds[i - 1],
    upper: i < explicitBounds.length ? explicitBounds[i] : undefined,
    count: Number(count),
  }));
}

/**
 * Bucket `index` of scale s holds (base^index, base^(index+1)] with base = 2^(2^-s);
 * negative buckets mirror them, and the zero bucket holds [-threshold, threshold].
 */
export function exponentialBuckets(point: ExponentialHistogramPoint): Bucket[] {
  const base = 2 ** (2 ** -point.scale);
  const buckets: Bucket[] = [];
  point.negative.bucketCounts.forEach((count, i) => {
    const index = point.negative.offset + i;
    buckets.push({ lower: -(base ** (index + 1)), upper: -(base ** index), count: Number(count) });
  });
  if (point.zeroCount > 0n) buckets.push({ lower: -point.zeroThreshold, upper: point.zeroThreshold, count: Number(point.zeroCount) });
  point.positive.bucketCounts.forEach((count, i) => {
    const index = point.positive.offset + i;
    buckets.push({ lower: base ** index, upper: base ** (index + 1), count: Number(count) });
  });
  return buckets;
}

/** Bucket events carry the point's fields but not its count/sum, so SUM(count) counts each point once. */
function pushBuckets(events: WideEvent[], pointFields: Fields, timeUs: number, buckets: Bucket[]): void {
  for (const bucket of buckets) {
    if (bucket.count === 0) continue;
    const fields: Fields = { ...pointFields };
    delete fields.count;
    delete fields.sum;
    delete fields.min;
    delete fields.max;
    fields['meta.annotation_type'] = 'histogram_bucket';
    if (bucket.lower !== undefined && Number.isFinite(bucket.lower)) fields['bucket.lower'] = bucket.lower;
    if (bucket.upper !== undefined && Number.isFinite(bucket.upper)) fields['bucket.upper'] = bucket.upper;
    fields['bucket.count'] = bucket.count;
    events.push({ timeUs, sampleRate: 1, fields });
  }
}
