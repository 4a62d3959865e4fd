// Protobuf decoding of ExportLogsServiceRequest (opentelemetry/proto/collector/logs/v1)
// into the OTLP model. Field numbers follow opentelemetry/proto/logs/v1/logs.proto.
import { emptyScope, type OtlpLogRecord, type OtlpResourceLogs, type OtlpScopeLogs } from '../otlp-model.ts';
import { decodeFieldValue, decodeKeyValue, decodeResource, decodeScope } from './decode-common.ts';
import { WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT, WireReader } from './wire-reader.ts';

/** ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1 } */
export function decodeLogsRequestProtobuf(body: Uint8Array): OtlpResourceLogs[] {
  const r = new WireReader(body);
  const end = body.length;
  const resourceLogs: OtlpResourceLogs[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) {
      r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ExportLogsServiceRequest.resource_logs');
      resourceLogs.push(decodeResourceLogs(r, r.delimitedEnd(end)));
    } else r.skip(tag & 7, end);
  }
  r.finish(end, 'ExportLogsServiceRequest');
  return resourceLogs;
}

/** ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; schema_url = 3 } */
function decodeResourceLogs(r: WireReader, end: number): OtlpResourceLogs {
  const result: OtlpResourceLogs = { resource: { attributes: [] }, scopeLogs: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ResourceLogs.resource');
        decodeResource(r, r.delimitedEnd(end), result.resource);
        break;
      case 2:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ResourceLogs.scope_logs');
        result.scopeLogs.push(decodeScopeLogs(r, r.delimitedEnd(end)));
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'ResourceLogs');
  return result;
}

/** ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; schema_url = 3 } */
function decodeScopeLogs(r: WireReader, end: number): OtlpScopeLogs {
  const result: OtlpScopeLogs = { scope: emptyScope(), logRecords: [] };
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ScopeLogs.scope');
        decodeScope(r, r.delimitedEnd(end), result.scope);
        break;
      case 2:
        r.expect(tag & 7, WIRE_LENGTH_DELIMITED, 'ScopeLogs.log_records');
        result.logRecords.push(decodeLogRecord(r, r.delimitedEnd(end)));
        break;
      default:
        r.skip(tag & 7, end);
    }
  }
  r.finish(end, 'ScopeLogs');
  return result;
}

/**
 * LogRecord { fixed64 time_unix_nano = 1; SeverityNumber severity_number = 2;
 * string severity_text = 3; AnyValue body = 5; repeated KeyValue attributes = 6;
 * fixed32 flags = 8; bytes trace_id = 9; bytes span_id = 10;
 * fixed64 observed_time_unix_nano = 11; string event_name = 12 } (4 is reserved).
 */
function decodeLogRecord(r: WireReader, end: number): OtlpLogRecord {
  const record: OtlpLogRecord = {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: undefined,
    attributes: [],
    traceId: '',
    spanId: '',
    eventName: '',
  };
  while (r.pos < end) {
    const tag = r.uint32();
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wireType, WIRE_FIXED64, 'LogRecord.time_unix_nano');
        record.timeUnixNano = r.fixed64();
        break;
      case 2:
        r.expect(wireType, WIRE_VARINT, 'LogRecord.severity_number');
        record.severityNumber = r.uint32();
        break;
      case 3:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'LogRecord.severity_text');
        record.severityText = r.string(end);
        break;
      case 5:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'LogRecord.body');
        record.body = decodeFieldValue(r, r.delimitedEnd(end));
        break;
      case 6:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'LogRecord.attributes');
        decodeKeyValue(r, r.delimitedEnd(end), record.attributes);
        break;
      case 9:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'LogRecord.trace_id');
        record.traceId = r.hex(end);
        break;
      case 10:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'LogRecord.span_id');
        record.spanId = r.hex(end);
        break;
      case 11:
        r.expect(wireType, WIRE_FIXED64, 'LogRecord.observed_time_unix_nano');
        record.observedTimeUnixNano = r.fixed64();
        break;
      case 12:
        r.expect(wireType, WIRE_LENGTH_DELIMITED, 'LogRecord.event_name');
        record.eventName = r.string(end);
        break;
      default:
        r.skip(wireType, end);
    }
  }
  r.finish(end, 'LogRecord');
  return record;
}
