// Protobuf decoding of ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1)
// into the metrics model, with the wire reader and common messages the other signals use.
import { emptyScope } from '../otlp-model.ts';
import { decodeKeyValue, decodeResource, decodeScope } from '../protobuf/decode-common.ts';
import { WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT, WireReader } from '../protobuf/wire-reader.ts';
import {
  emptyMetric,
  type ExponentialBuckets,
  type ExponentialHistogramPoint,
  type HistogramPoint,
  type MetricType,
  type NumberPoint,
  type OtlpMetric,
  type OtlpResourceMetrics,
  type OtlpScopeMetrics,
  type SummaryPoint,
  type Temporality,
} from './metrics-model.ts';

/** ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1 } */
export function decodeMetricsRequestProtobuf(body: Uint8Array): OtlpResourceMetrics[] {
  const r = new WireReader(body);
  const end = body.length;
  const resourceMetrics: OtlpResourceMetrics[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ExportMetricsServiceRequest.resource_metrics');
      resourceMetrics.push(decodeResourceMetrics(r, r.delimitedEnd(end)));
    } else r.skip(tag & 7, end);
  }
  r.finish(end, 'ExportMetricsServiceRequest');
  return resourceMetrics;
}

/** ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2 } */
function decodeResourceMetrics(r: WireReader, end: number): OtlpResourceMetrics {
  const result: OtlpResourceMetrics = { resource: { attributes: [] }, scopeMetrics: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ResourceMetrics.resource');
      decodeResource(r, r.delimitedEnd(end), result.resource);
    } else if (tag >>> 3 === 2) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ResourceMetrics.scope_metrics');
      result.scopeMetrics.push(decodeScopeMetrics(r, r.delimitedEnd(end)));
    } else r.skip(tag & 7, end);
  }
  r.finish(end, 'ResourceMetrics');
  return result;
}

/** ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2 } */
function decodeScopeMetrics(r: WireReader, end: number): OtlpScopeMetrics {
  const result: OtlpScopeMetrics = { scope: emptyScope(), metrics: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ScopeMetrics.scope');
      decodeScope(r, r.delimitedEnd(end), result.scope);
    } else if (tag >>> 3 === 2) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ScopeMetrics.metrics');
      result.metrics.push(decodeMetric(r, r.delimitedEnd(end)));
    } else r.skip(tag & 7, end);
  }
  r.finish(end, 'ScopeMetrics');
  return result;
}

/** Metric's data oneof field numbers: gauge = 5, sum = 7, histogram = 9, exponential_histogram = 10, summary = 11. */
const DATA_FIELDS: Record<number, MetricType> = { 5: 'gauge', 7: 'sum', 9: 'histogram', 10: 'exponential_histogram', 11: 'summary' };

/** Metric { string name = 1; string description = 2; string unit = 3; oneof data { ... } } */
function decodeMetric(r: WireReader, end: number): OtlpMetric {
  const metric = emptyMetric();
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1 || field === 2 || field === 3) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'Metric.name/description/unit');
      const text = r.string(end);
      if (field === 1) metric.name = text;
      else if (field === 2) metric.description = text;
      else metric.unit = text;
    } else if (DATA_FIELDS[field] !== undefined) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, `Metric.${DATA_FIELDS[field]}`);
      metric.type = DATA_FIELDS[field];
      decodeMetricData(r, r.delimitedEnd(end), metric);
    } else r.skip(tag & 7, end);
  }
  r.finish(end, 'Metric');
  return metric;
}

/**
 * Gauge / Sum / Histogram / ExponentialHistogram / Summary { repeated points = 1;
 * AggregationTemporality aggregation_temporality = 2; bool is_monotonic = 3 (Sum) }.
 */
function decodeMetricData(r: WireReader, end: number, metric: OtlpMetric): void {
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, `${metric.type}.data_points`);
      const pointEnd = r.delimitedEnd(end);
      if (metric.type === 'gauge' || metric.type === 'sum') metric.numberPoints.push(decodeNumberPoint(r, pointEnd));
      else if (metric.type === 'histogram') metric.histogramPoints.push(decodeHistogramPoint(r, pointEnd));
      else if (metric.type === 'exponential_histogram') metric.exponentialPoints.push(decodeExponentialPoint(r, pointEnd));
      else metric.summaryPoints.push(decodeSummaryPoint(r, pointEnd));
    } else if (field === 2 && metric.type !== 'gauge' && metric.type !== 'summary') {
      r.expect(tag & 7, WIRE_VARINT, 'aggregation_temporality');
      const temporality = r.uint32();
      metric.temporality = (temporality <= 2 ? temporality : 0) as Temporality;
    } else if (field === 3 && metric.type === 'sum') {
      r.expect(tag & 7, WIRE_VARINT, 'Sum.is_monotonic');
      metric.monotonic = r.bool();
    } else r.skip(tag & 7, end);
  }
  r.finish(end, metric.type ?? 'metric data');
}

/**
 * NumberDataPoint { fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
 * double as_double = 4; sfixed64 as_int = 6; repeated KeyValue attributes = 7 }.
 */
function decodeNumberPoint(r: WireReader, end: number): NumberPoint {
  const point: NumberPoint = { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, value: undefined };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 2:
        point.startTimeUnixNano = fixed64(r, tag, 'NumberDataPoint.start_time_unix_nano');
        break;
      case 3:
        point.timeUnixNano = fixed64(r, tag, 'NumberDataPoint.time_unix_nano');
        break;
      case 4:
        r.expect(tag & 7, WIRE_FIXED64, 'NumberDataPoint.as_double');
        point.value = r.double();
        break;
      case 6: {
        const raw = BigInt.asIntN(64, fixed64(r, tag, 'NumberDataPoint.as_int'));
        point.value = Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
        break;
      }
      case 7:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'NumberDataPoint.attributes');
        decodeKeyValue(r, r.delimitedEnd(end), point.attributes);
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'NumberDataPoint');
  return point;
}

/**
 * HistogramDataPoint { start_time_unix_nano = 2; time_unix_nano = 3; fixed64 count = 4;
 * double sum = 5; repeated fixed64 bucket_counts = 6; repeated double explicit_bounds = 7;
 * repeated KeyValue attributes = 9; double min = 11; double max = 12 }.
 */
function decodeHistogramPoint(r: WireReader, end: number): HistogramPoint {
  const point: HistogramPoint = { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, count: 0n, bucketCounts: [], explicitBounds: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 2:
        point.startTimeUnixNano = fixed64(r, tag, 'HistogramDataPoint.start_time_unix_nano');
        break;
      case 3:
        point.timeUnixNano = fixed64(r, tag, 'HistogramDataPoint.time_unix_nano');
        break;
      case 4:
        point.count = fixed64(r, tag, 'HistogramDataPoint.count');
        break;
      case 5:
        point.sum = double(r, tag, 'HistogramDataPoint.sum');
        break;
      case 6:
        repeated(r, tag, end, WIRE_FIXED64, () => point.bucketCounts.push(r.fixed64()));
        break;
      case 7:
        repeated(r, tag, end, WIRE_FIXED64, () => point.explicitBounds.push(r.double()));
        break;
      case 9:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'HistogramDataPoint.attributes');
        decodeKeyValue(r, r.delimitedEnd(end), point.attributes);
        break;
      case 11:
        point.min = double(r, tag, 'HistogramDataPoint.min');
        break;
      case 12:
        point.max = double(r, tag, 'HistogramDataPoint.max');
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'HistogramDataPoint');
  return point;
}

/**
 * ExponentialHistogramDataPoint { KeyValue attributes = 1; start_time_unix_nano = 2;
 * time_unix_nano = 3; fixed64 count = 4; double sum = 5; sint32 scale = 6;
 * fixed64 zero_count = 7; Buckets positive = 8; Buckets negative = 9; double min = 12;
 * double max = 13; double zero_threshold = 14 }.
 */
function decodeExponentialPoint(r: WireReader, end: number): ExponentialHistogramPoint {
  const point: ExponentialHistogramPoint = {
    attributes: [],
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    count: 0n,
    scale: 0,
    zeroCount: 0n,
    zeroThreshold: 0,
    positive: { offset: 0, bucketCounts: [] },
    negative: { offset: 0, bucketCounts: [] },
  };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ExponentialHistogramDataPoint.attributes');
        decodeKeyValue(r, r.delimitedEnd(end), point.attributes);
        break;
      case 2:
        point.startTimeUnixNano = fixed64(r, tag, 'ExponentialHistogramDataPoint.start_time_unix_nano');
        break;
      case 3:
        point.timeUnixNano = fixed64(r, tag, 'ExponentialHistogramDataPoint.time_unix_nano');
        break;
      case 4:
        point.count = fixed64(r, tag, 'ExponentialHistogramDataPoint.count');
        break;
      case 5:
        point.sum = double(r, tag, 'ExponentialHistogramDataPoint.sum');
        break;
      case 6:
        r.expect(tag & 7, WIRE_VARINT, 'ExponentialHistogramDataPoint.scale');
        point.scale = zigzag(r.uint32());
        break;
      case 7:
        point.zeroCount = fixed64(r, tag, 'ExponentialHistogramDataPoint.zero_count');
        break;
      case 8:
      case 9:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ExponentialHistogramDataPoint.positive/negative');
        decodeExponentialBuckets(r, r.delimitedEnd(end), tag >>> 3 === 8 ? point.positive : point.negative);
        break;
      case 12:
        point.min = double(r, tag, 'ExponentialHistogramDataPoint.min');
        break;
      case 13:
        point.max = double(r, tag, 'ExponentialHistogramDataPoint.max');
        break;
      case 14:
        point.zeroThreshold = double(r, tag, 'ExponentialHistogramDataPoint.zero_threshold');
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'ExponentialHistogramDataPoint');
  return point;
}

/** Buckets { sint32 offset = 1; repeated uint64 bucket_counts = 2 } */
function decodeExponentialBuckets(r: WireReader, end: number, into: ExponentialBuckets): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(tag & 7, WIRE_VARINT, 'Buckets.offset');
      into.offset = zigzag(r.uint32());
    } else if (tag >>> 3 === 2) {
      repeated(r, tag, end, WIRE_VARINT, () => into.bucketCounts.push(BigInt.asUintN(64, BigInt(r.int64()))));
    } else r.skip(tag & 7, end);
  }
  r.finish(end, 'Buckets');
}

/** SummaryDataPoint { time fields 2, 3; fixed64 count = 4; double sum = 5; ValueAtQuantile quantile_values = 6; attributes = 7 } */
function decodeSummaryPoint(r: WireReader, end: number): SummaryPoint {
  const point: SummaryPoint = { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, count: 0n, sum: 0, quantiles: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 2:
        point.startTimeUnixNano = fixed64(r, tag, 'SummaryDataPoint.start_time_unix_nano');
        break;
      case 3:
        point.timeUnixNano = fixed64(r, tag, 'SummaryDataPoint.time_unix_nano');
        break;
      case 4:
        point.count = fixed64(r, tag, 'SummaryDataPoint.count');
        break;
      case 5:
        point.sum = double(r, tag, 'SummaryDataPoint.sum');
        break;
      case 6: {
        // ValueAtQuantile { double quantile = 1; double value = 2 }
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'SummaryDataPoint.quantile_values');
        const qEnd = r.delimitedEnd(end);
        const q = { quantile: 0, value: 0 };
        while (r.pos < qEnd) {
          const inner = r.uint32();
          if (inner >>> 3 === 1) q.quantile = double(r, inner, 'ValueAtQuantile.quantile');
          else if (inner >>> 3 === 2) q.value = double(r, inner, 'ValueAtQuantile.value');
          else r.skip(inner & 7, qEnd);
        }
        r.finish(qEnd, 'ValueAtQuantile');
        point.quantiles.push(q);
        break;
      }
      case 7:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'SummaryDataPoint.attributes');
        decodeKeyValue(r, r.delimitedEnd(end), point.attributes);
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'SummaryDataPoint');
  return point;
}

function fixed64(r: WireReader, tag: number, field: string): bigint {
  r.expect(tag & 7, WIRE_FIXED64, field);
  return r.fixed64();
}

function double(r: WireReader, tag: number, field: string): number {
  r.expect(tag & 7, WIRE_FIXED64, field);
  return r.double();
}

/** A repeated scalar, packed (one length-delimited run) or not (one element per tag). */
function repeated(r: WireReader, tag: number, end: number, elementWireType: number, readOne: () => void): void {
  if ((tag & 7) === WIRE_LENGTH_DELIMITED) {
    const runEnd = r.delimitedEnd(end);
    while (r.pos < runEnd) readOne();
    r.finish(runEnd, 'a packed repeated field');
  } else {
    r.expect(tag & 7, elementWireType, 'a repeated field');
    readOne();
  }
}

function zigzag(value: number): number {
  return (value >>> 1) ^ -(value & 1);
}
