// OTLP/JSON decoding of ExportMetricsServiceRequest into the metrics model. A value of
// the wrong shape anywhere fails the request (400) with its path; metrics have no
// per-point rejection in JSON yet.
import type { KeyValue } from '../otlp-model.ts';
import { decodeAttributesJson, decodeResourceJson, decodeScopeJson } from '../json/decode-common-json.ts';
import {
  arrayMember,
  enumMember,
  enumNames,
  envelopeError,
  envelopeErrors,
  envelopeObjects,
  member,
  nanosMember,
  objectMember,
  stringMember,
  type JsonObject,
} from '../json/json-shape.ts';
import { emptyMetric, type ExponentialBuckets, type MetricType, type OtlpMetric, type OtlpResourceMetrics, type Temporality } from './metrics-model.ts';

const temporality = enumNames('AGGREGATION_TEMPORALITY_', ['UNSPECIFIED', 'DELTA', 'CUMULATIVE']);
const DATA_KEYS: [string, string, MetricType][] = [
  ['gauge', 'gauge', 'gauge'],
  ['sum', 'sum', 'sum'],
  ['histogram', 'histogram', 'histogram'],
  ['exponentialHistogram', 'exponential_histogram', 'exponential_histogram'],
  ['summary', 'summary', 'summary'],
];
const UNSIGNED = /^[0-9]{1,20}$/;
const SIGNED = /^-?[0-9]{1,20}$/;
const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

export function decodeMetricsRequestJson(request: JsonObject): OtlpResourceMetrics[] {
  return envelopeObjects(request, 'resourceMetrics', 'resource_metrics', 'request').map(([item, path]) => ({
    resource: decodeResourceJson(item, path),
    scopeMetrics: envelopeObjects(item, 'scopeMetrics', 'scope_metrics', path).map(([scopeItem, scopePath]) => ({
      scope: decodeScopeJson(scopeItem, scopePath),
      metrics: envelopeObjects(scopeItem, 'metrics', 'metrics', scopePath).map(([metric, metricPath]) => decodeMetric(metric, metricPath)),
    })),
  }));
}

function decodeMetric(object: JsonObject, path: string): OtlpMetric {
  const metric = emptyMetric();
  metric.name = stringMember(object, 'name', 'name', path, envelopeErrors);
  metric.description = stringMember(object, 'description', 'description', path, envelopeErrors);
  metric.unit = stringMember(object, 'unit', 'unit', path, envelopeErrors);
  for (const [camel, snake, type] of DATA_KEYS) {
    if (member(object, camel, snake) === undefined) continue;
    const data = objectMember(object, camel, snake, path, envelopeErrors);
    const dataPath = `${path}.${camel}`;
    metric.type = type;
    const t = enumMember(data, 'aggregationTemporality', 'aggregation_temporality', temporality, dataPath, envelopeErrors);
    metric.temporality = (t <= 2 ? t : 0) as Temporality;
    metric.monotonic = member(data, 'isMonotonic', 'is_monotonic') === true;
    for (const [point, pointPath] of envelopeObjects(data, 'dataPoints', 'data_points', dataPath)) {
      const common = {
        attributes: decodeAttributesJson(point, pointPath, envelopeErrors) as KeyValue[],
        startTimeUnixNano: nanosMember(point, 'startTimeUnixNano', 'start_time_unix_nano', pointPath, envelopeErrors),
        timeUnixNano: nanosMember(point, 'timeUnixNano', 'time_unix_nano', pointPath, envelopeErrors),
      };
      if (type === 'gauge' || type === 'sum') {
        const asInt = member(point, 'asInt', 'as_int');
        const value = asInt !== undefined ? signed(asInt, `${pointPath}.asInt`) : optionalDouble(point, 'asDouble', 'as_double', pointPath);
        metric.numberPoints.push({ ...common, value });
      } else if (type === 'histogram') {
        metric.histogramPoints.push({
          ...common,
          ...stats(point, pointPath),
          bucketCounts: arrayMember(point, 'bucketCounts', 'bucket_counts', pointPath, envelopeErrors).map((v, i) =>
            unsigned(v, `${pointPath}.bucketCounts[${i}]`),
          ),
          explicitBounds: arrayMember(point, 'explicitBounds', 'explicit_bounds', pointPath, envelopeErrors).map((v, i) =>
            double(v, `${pointPath}.explicitBounds[${i}]`),
          ),
        });
      } else if (type === 'exponential_histogram') {
        metric.exponentialPoints.push({
          ...common,
          ...stats(point, pointPath),
          scale: Number(signed(member(point, 'scale', 'scale') ?? 0, `${pointPath}.scale`)),
          zeroCount: unsigned(member(point, 'zeroCount', 'zero_count') ?? 0, `${pointPath}.zeroCount`),
          zeroThreshold: optionalDouble(point, 'zeroThreshold', 'zero_threshold', pointPath) ?? 0,
          positive: buckets(point, 'positive', pointPath),
          negative: buckets(point, 'negative', pointPath),
        });
      } else {
        metric.summaryPoints.push({
          ...common,
          count: unsigned(member(point, 'count', 'count') ?? 0, `${pointPath}.count`),
          sum: optionalDouble(point, 'sum', 'sum', pointPath) ?? 0,
          quantiles: envelopeObjects(point, 'quantileValues', 'quantile_values', pointPath).map(([q, qPath]) => ({
            quantile: optionalDouble(q, 'quantile', 'quantile', qPath) ?? 0,
            value: optionalDouble(q, 'value', 'value', qPath) ?? 0,
          })),
        });
      }
    }
  }
  return metric;
}

/** The objects of an array member, each with its path for messages. */
function stats(point: JsonObject, path: string): { count: bigint; sum?: number; min?: number; max?: number } {
  return {
    count: unsigned(member(point, 'count', 'count') ?? 0, `${path}.count`),
    sum: optionalDouble(point, 'sum', 'sum', path),
    min: optionalDouble(point, 'min', 'min', path),
    max: optionalDouble(point, 'max', 'max', path),
  };
}

function buckets(point: JsonObject, key: string, path: string): ExponentialBuckets {
  const object = objectMember(point, key, key, path, envelopeErrors);
  return {
    offset: Number(signed(member(object, 'offset', 'offset') ?? 0, `${path}.${key}.offset`)),
    bucketCounts: arrayMember(object, 'bucketCounts', 'bucket_counts', `${path}.${key}`, envelopeErrors).map((v, i) =>
      unsigned(v, `${path}.${key}.bucketCounts[${i}]`),
    ),
  };
}

function unsigned(value: unknown, path: string): bigint {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && UNSIGNED.test(value)) return BigInt(value);
  return envelopeError(path, 'an unsigned integer or its decimal string');
}

function signed(value: unknown, path: string): number | bigint {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && SIGNED.test(value)) {
    const big = BigInt(value);
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  }
  return envelopeError(path, 'an integer or its decimal string');
}

function double(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && (NON_FINITE.has(value) || (value.trim() !== '' && Number.isFinite(Number(value))))) return Number(value);
  return envelopeError(path, 'a number');
}

function optionalDouble(object: JsonObject, camel: string, snake: string, path: string): number | undefined {
  const value = member(object, camel, snake);
  return value === undefined || value === null ? undefined : double(value, `${path}.${camel}`);
}
