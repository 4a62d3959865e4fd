// The entry points the OTLP routes call: a request body in, events per dataset out.
import { parseExactJson } from '../parse-exact-json.ts';
import { OtlpDecodeError } from './otlp-decode-error.ts';
import type { DecodedOtlp } from './decoded-otlp.ts';
import { FieldBudget } from './field-budget.ts';
import { EventTimeWindow } from '../event-time-window.ts';
import type { OtlpFormat } from './otlp-format.ts';
import { isObject, type JsonObject } from './json/json-shape.ts';
import { decodeLogsRequestJson } from './json/decode-logs-json.ts';
import { decodeTraceRequestJson } from './json/decode-traces-json.ts';
import { normalizeLogs } from './normalize-logs.ts';
import { normalizeSpans } from './normalize-spans.ts';
import { decodeLogsRequestProtobuf } from './protobuf/decode-logs-protobuf.ts';
import { decodeTraceRequestProtobuf } from './protobuf/decode-traces-protobuf.ts';

const utf8 = new TextDecoder();

/**
 * An ExportTraceServiceRequest body (already decompressed) as wide events in `environment`,
 * spans outside `window` (the default one when not given) refused.
 * Throws OtlpDecodeError when the body is malformed as a whole; spans that cannot become
 * events are counted in `rejected` and the rest kept.
 */
export function decodeTraces(body: Uint8Array, format: OtlpFormat, environment: string, window = new EventTimeWindow(Date.now())): DecodedOtlp {
  const request = format === 'protobuf' ? decodeTraceRequestProtobuf(body) : decodeTraceRequestJson(parseJsonRequest(body));
  return normalizeSpans(request, environment, new FieldBudget(body.length), window);
}

/** An ExportLogsServiceRequest body as wide events in `environment`; see decodeTraces. */
export function decodeLogs(body: Uint8Array, format: OtlpFormat, environment: string, window = new EventTimeWindow(Date.now())): DecodedOtlp {
  const request = format === 'protobuf' ? decodeLogsRequestProtobuf(body) : decodeLogsRequestJson(parseJsonRequest(body));
  return normalizeLogs(request, environment, new FieldBudget(body.length), window);
}

/** An OTLP/JSON body as an object (an empty body is an empty request); OtlpDecodeError when it is not one. */
export function parseJsonRequest(body: Uint8Array): JsonObject {
  if (body.byteLength === 0) return {};
  let request: unknown;
  try {
    request = parseExactJson(utf8.decode(body));
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message}`);
  }
  if (!isObject(request)) throw new OtlpDecodeError('invalid OTLP JSON: the request must be an object');
  return request;
}
