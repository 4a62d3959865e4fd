// OTLP/JSON decoding of ExportLogsServiceRequest into the OTLP model.
import type { OtlpLogRecord, OtlpResourceLogs } from '../otlp-model.ts';
import { decodeAttributesJson, decodeFieldValueJson, decodeResourceJson, decodeScopeJson } from './decode-common-json.ts';
import {
  arrayMember,
  enumMember,
  enumNames,
  envelopeErrors,
  envelopeObjects,
  idMember,
  isObject,
  ItemShapeErrors,
  member,
  nanosMember,
  stringMember,
  type JsonObject,
} from './json-shape.ts';

/** SEVERITY_NUMBER_UNSPECIFIED = 0, TRACE = 1, TRACE2..TRACE4, DEBUG = 5, ... FATAL4 = 24. */
const severityNumber = enumNames('SEVERITY_NUMBER_', [
  'UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((name) => [name, `${name}2`, `${name}3`, `${name}4`]),
]);

export function decodeLogsRequestJson(request: JsonObject): OtlpResourceLogs[] {
  return envelopeObjects(request, 'resourceLogs', 'resource_logs', 'request').map(([item, path]) => ({
    resource: decodeResourceJson(item, path),
    scopeLogs: envelopeObjects(item, 'scopeLogs', 'scope_logs', path).map(([scopeItem, scopePath]) => ({
      scope: decodeScopeJson(scopeItem, scopePath),
      logRecords: arrayMember(scopeItem, 'logRecords', 'log_records', scopePath, envelopeErrors).map(decodeLogRecord),
    })),
  }));
}

function decodeLogRecord(value: unknown): OtlpLogRecord {
  const errors = new ItemShapeErrors();
  const record = isObject(value) ? value : (errors.report('logRecord', 'an object'), {});
  const path = 'logRecord';
  const decoded: OtlpLogRecord = {
    timeUnixNano: nanosMember(record, 'timeUnixNano', 'time_unix_nano', path, errors),
    observedTimeUnixNano: nanosMember(record, 'observedTimeUnixNano', 'observed_time_unix_nano', path, errors),
    severityNumber: enumMember(record, 'severityNumber', 'severity_number', severityNumber, path, errors),
    severityText: stringMember(record, 'severityText', 'severity_text', path, errors),
    body: decodeFieldValueJson(member(record, 'body', 'body'), `${path}.body`, errors),
    attributes: decodeAttributesJson(record, path, errors),
    traceId: idMember(record, 'traceId', 'trace_id', path, errors),
    spanId: idMember(record, 'spanId', 'span_id', path, errors),
    eventName: stringMember(record, 'eventName', 'event_name', path, errors),
  };
  if (errors.problem !== undefined) decoded.problem = errors.problem;
  return decoded;
}
