// OTLP/JSON decoding of ExportTraceServiceRequest into the OTLP model.
import type { OtlpLink, OtlpResourceSpans, OtlpSpan, OtlpSpanEvent } from '../otlp-model.ts';
import { decodeAttributesJson, decodeResourceJson, decodeScopeJson } from './decode-common-json.ts';
import {
  arrayMember,
  enumMember,
  enumNames,
  envelopeErrors,
  envelopeObjects,
  idMember,
  isObject,
  ItemShapeErrors,
  nanosMember,
  objectMember,
  stringMember,
  type JsonObject,
  type ShapeErrors,
} from './json-shape.ts';

const spanKind = enumNames('SPAN_KIND_', ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER']);
const statusCode = enumNames('STATUS_CODE_', ['UNSET', 'OK', 'ERROR']);

export function decodeTraceRequestJson(request: JsonObject): OtlpResourceSpans[] {
  return envelopeObjects(request, 'resourceSpans', 'resource_spans', 'request').map(([item, path]) => ({
    resource: decodeResourceJson(item, path),
    scopeSpans: envelopeObjects(item, 'scopeSpans', 'scope_spans', path).map(([scopeItem, scopePath]) => ({
      scope: decodeScopeJson(scopeItem, scopePath),
      spans: arrayMember(scopeItem, 'spans', 'spans', scopePath, envelopeErrors).map(decodeSpan),
    })),
  }));
}

function decodeSpan(value: unknown): OtlpSpan {
  const errors = new ItemShapeErrors();
  const span = isObject(value) ? value : (errors.report('span', 'an object'), {});
  const status = objectMember(span, 'status', 'status', 'span', errors);
  const decoded: OtlpSpan = {
    traceId: idMember(span, 'traceId', 'trace_id', 'span', errors),
    spanId: idMember(span, 'spanId', 'span_id', 'span', errors),
    parentSpanId: idMember(span, 'parentSpanId', 'parent_span_id', 'span', errors),
    traceState: stringMember(span, 'traceState', 'trace_state', 'span', errors),
    name: stringMember(span, 'name', 'name', 'span', errors),
    kind: enumMember(span, 'kind', 'kind', spanKind, 'span', errors),
    startTimeUnixNano: nanosMember(span, 'startTimeUnixNano', 'start_time_unix_nano', 'span', errors),
    endTimeUnixNano: nanosMember(span, 'endTimeUnixNano', 'end_time_unix_nano', 'span', errors),
    attributes: decodeAttributesJson(span, 'span', errors),
    events: arrayMember(span, 'events', 'events', 'span', errors).map((event, i) => decodeSpanEvent(event, `span.events[${i}]`, errors)),
    links: arrayMember(span, 'links', 'links', 'span', errors).map((link, i) => decodeLink(link, `span.links[${i}]`, errors)),
    statusCode: enumMember(status, 'code', 'code', statusCode, 'span.status', errors),
    statusMessage: stringMember(status, 'message', 'message', 'span.status', errors),
  };
  if (errors.problem !== undefined) decoded.problem = errors.problem;
  return decoded;
}

function decodeSpanEvent(value: unknown, path: string, errors: ShapeErrors): OtlpSpanEvent {
  const event = isObject(value) ? value : (errors.report(path, 'an object'), {});
  return {
    timeUnixNano: nanosMember(event, 'timeUnixNano', 'time_unix_nano', path, errors),
    name: stringMember(event, 'name', 'name', path, errors),
    attributes: decodeAttributesJson(event, path, errors),
  };
}

function decodeLink(value: unknown, path: string, errors: ShapeErrors): OtlpLink {
  const link = isObject(value) ? value : (errors.report(path, 'an object'), {});
  return {
    traceId: idMember(link, 'traceId', 'trace_id', path, errors),
    spanId: idMember(link, 'spanId', 'span_id', path, errors),
    traceState: stringMember(link, 'traceState', 'trace_state', path, errors),
    attributes: decodeAttributesJson(link, path, errors),
  };
}
