// The OTLP metrics request as both wire decoders produce it (protobuf, JSON), before one
// normalizer turns each data point into events. Follows opentelemetry/proto/metrics/v1.
import type { KeyValue, OtlpResource, OtlpScope } from '../otlp-model.ts';

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary';

/** AggregationTemporality: 0 unspecified, 1 delta, 2 cumulative. */
export type Temporality = 0 | 1 | 2;

/** What every kind of data point carries. */
export interface PointBase {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
}

/** The summary statistics both histogram kinds carry. */
export interface HistogramStats extends PointBase {
  count: bigint;
  sum?: number;
  min?: number;
  max?: number;
}

export interface NumberPoint extends PointBase {
  /** as_double or as_int; undefined when the point carries neither. */
  value: number | bigint | undefined;
}

export interface HistogramPoint extends HistogramStats {
  bucketCounts: bigint[];
  explicitBounds: number[];
}

export interface ExponentialBuckets {
  offset: number;
  bucketCounts: bigint[];
}

export interface ExponentialHistogramPoint extends HistogramStats {
  scale: number;
  zeroCount: bigint;
  zeroThreshold: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
}

export interface SummaryPoint extends PointBase {
  count: bigint;
  sum: number;
  quantiles: { quantile: number; value: number }[];
}

export interface OtlpMetric {
  name: string;
  description: string;
  unit: string;
  /** Undefined when the metric carried no data of a known kind. */
  type: MetricType | undefined;
  temporality: Temporality;
  monotonic: boolean;
  numberPoints: NumberPoint[];
  histogramPoints: HistogramPoint[];
  exponentialPoints: ExponentialHistogramPoint[];
  summaryPoints: SummaryPoint[];
}

export interface OtlpScopeMetrics {
  scope: OtlpScope;
  metrics: OtlpMetric[];
}

export interface OtlpResourceMetrics {
  resource: OtlpResource;
  scopeMetrics: OtlpScopeMetrics[];
}

export function emptyMetric(): OtlpMetric {
  return {
    name: '',
    description: '',
    unit: '',
    type: undefined,
    temporality: 0,
    monotonic: false,
    numberPoints: [],
    histogramPoints: [],
    exponentialPoints: [],
    summaryPoints: [],
  };
}
