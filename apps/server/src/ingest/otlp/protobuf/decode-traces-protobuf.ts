// Protobuf decoding of ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1)
// into the OTLP model. Field numbers follow opentelemetry/proto/trace/v1/trace.proto.
import { emptyScope, type OtlpLink, type OtlpResourceSpans, type OtlpScopeSpans, type OtlpSpan, type OtlpSpanEvent } from '../otlp-model.ts';
import { decodeKeyValue, decodeResource, decodeScope } from './decode-common.ts';
import { WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT, WireReader } from './wire-reader.ts';

/** ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 } */
export function decodeTraceRequestProtobuf(body: Uint8Array): OtlpResourceSpans[] {
  const r = new WireReader(body);
  const end = body.length;
  const resourceSpans: OtlpResourceSpans[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ExportTraceServiceRequest.resource_spans');
      resourceSpans.push(decodeResourceSpans(r, r.delimitedEnd(end)));
    } else r.skip(tag & 7, end);
  }
  r.finish(end, 'ExportTraceServiceRequest');
  return resourceSpans;
}

/** ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; schema_url = 3 } */
function decodeResourceSpans(r: WireReader, end: number): OtlpResourceSpans {
  const result: OtlpResourceSpans = { resource: { attributes: [] }, scopeSpans: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ResourceSpans.resource');
        decodeResource(r, r.delimitedEnd(end), result.resource);
        break;
      case 2:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ResourceSpans.scope_spans');
        result.scopeSpans.push(decodeScopeSpans(r, r.delimitedEnd(end)));
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'ResourceSpans');
  return result;
}

/** ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; schema_url = 3 } */
function decodeScopeSpans(r: WireReader, end: number): OtlpScopeSpans {
  const result: OtlpScopeSpans = { scope: emptyScope(), spans: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ScopeSpans.scope');
        decodeScope(r, r.delimitedEnd(end), result.scope);
        break;
      case 2:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ScopeSpans.spans');
        result.spans.push(decodeSpan(r, r.delimitedEnd(end)));
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'ScopeSpans');
  return result;
}

/**
 * Span { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3;
 * bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
 * fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
 * repeated KeyValue attributes = 9; repeated Event events = 11; repeated Link links = 13;
 * Status status = 15; fixed32 flags = 16 } (10, 12, 14 are dropped counts, skipped).
 */
function decodeSpan(r: WireReader, end: number): OtlpSpan {
  const span: OtlpSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: [],
    events: [],
    links: [],
    statusCode: 0,
    statusMessage: '',
  };
  while (r.pos < end) {
    const tag = r.uint32();
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'Span.trace_id');
        span.traceId = r.hex(end);
        break;
      case 2:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'Span.span_id');
        span.spanId = r.hex(end);
        break;
      case 3:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'Span.trace_state');
        span.traceState = r.string(end);
        break;
      case 4:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'Span.parent_span_id');
        span.parentSpanId = r.hex(end);
        break;
      case 5:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'Span.name');
        span.name = r.string(end);
        break;
      case 6:
        r.expect(wireType, WIRE_VARINT, 'Span.kind');
        span.kind = r.uint32();
        break;
      case 7:
        r.expect(wireType, WIRE_FIXED64, 'Span.start_time_unix_nano');
        span.startTimeUnixNano = r.fixed64();
        break;
      case 8:
        r.expect(wireType, WIRE_FIXED64, 'Span.end_time_unix_nano');
        span.endTimeUnixNano = r.fixed64();
        break;
      case 9:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'Span.attributes');
        decodeKeyValue(r, r.delimitedEnd(end), span.attributes);
        break;
      case 11:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'Span.events');
        span.events.push(decodeSpanEvent(r, r.delimitedEnd(end)));
        break;
      case 13:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'Span.links');
        span.links.push(decodeLink(r, r.delimitedEnd(end)));
        break;
      case 15:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'Span.status');
        decodeStatus(r, r.delimitedEnd(end), span);
        break;
      default:
        r.skip(wireType, end);
    }
  }
  r.finish(end, 'Span');
  return span;
}

/** Span.Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3 } */
function decodeSpanEvent(r: WireReader, end: number): OtlpSpanEvent {
  const event: OtlpSpanEvent = { timeUnixNano: 0n, name: '', attributes: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag & 7, WIRE_FIXED64, 'Span.Event.time_unix_nano');
        event.timeUnixNano = r.fixed64();
        break;
      case 2:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'Span.Event.name');
        event.name = r.string(end);
        break;
      case 3:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'Span.Event.attributes');
        decodeKeyValue(r, r.delimitedEnd(end), event.attributes);
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'Span.Event');
  return event;
}

/** Span.Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4 } */
function decodeLink(r: WireReader, end: number): OtlpLink {
  const link: OtlpLink = { traceId: '', spanId: '', traceState: '', attributes: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'Span.Link.trace_id');
        link.traceId = r.hex(end);
        break;
      case 2:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'Span.Link.span_id');
        link.spanId = r.hex(end);
        break;
      case 3:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'Span.Link.trace_state');
        link.traceState = r.string(end);
        break;
      case 4:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'Span.Link.attributes');
        decodeKeyValue(r, r.delimitedEnd(end), link.attributes);
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'Span.Link');
  return link;
}

/** Status { string message = 2; StatusCode code = 3 } (field 1 is reserved). */
function decodeStatus(r: WireReader, end: number, span: OtlpSpan): void {
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 2:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'Status.message');
        span.statusMessage = r.string(end);
        break;
      case 3:
        r.expect(tag & 7, WIRE_VARINT, 'Status.code');
        span.statusCode = r.uint32();
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'Status');
}
