// Response bodies, read back with the OpenTelemetry JS exporters' own response readers
// (what an SDK sending to Flashlight will see) and an independent protobufjs schema.
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { ExportResponse, RpcStatus } from './fixtures/otlp-proto-descriptor.ts';
import { encodeExportResponse, encodeStatus } from './index.ts';

describe('encodeExportResponse', () => {
  it('leaves partial_success out when everything was accepted', () => {
    expect(encodeExportResponse('traces', 'protobuf')).toEqual(new Uint8Array(0));
    expect(encodeExportResponse('logs', 'protobuf', { rejected: 0 })).toEqual(new Uint8Array(0));
    expect(new TextDecoder().decode(encodeExportResponse('traces', 'json'))).toBe('{}');
    expect(ProtobufTraceSerializer.deserializeResponse(encodeExportResponse('traces', 'protobuf'))).toEqual({});
  });

  it('reports rejected spans as the SDK reads them, in protobuf', () => {
    const body = encodeExportResponse('traces', 'protobuf', { rejected: 3, errorMessage: 'trace_id must be 16 bytes, got 15 bytes' });
    expect(ProtobufTraceSerializer.deserializeResponse(body)).toEqual({
      partialSuccess: { rejectedSpans: 3, errorMessage: 'trace_id must be 16 bytes, got 15 bytes' },
    });
    expect(ExportResponse.toObject(ExportResponse.decode(body), { longs: Number })).toEqual({
      partialSuccess: { rejected: 3, errorMessage: 'trace_id must be 16 bytes, got 15 bytes' },
    });
  });

  it('reports rejected log records, in protobuf and JSON', () => {
    const partial = { rejected: 2, errorMessage: 'bad ids' };
    expect(ProtobufLogsSerializer.deserializeResponse(encodeExportResponse('logs', 'protobuf', partial))).toEqual({
      partialSuccess: { rejectedLogRecords: 2, errorMessage: 'bad ids' },
    });
    expect(JsonLogsSerializer.deserializeResponse(encodeExportResponse('logs', 'json', partial))).toEqual({
      partialSuccess: { rejectedLogRecords: '2', errorMessage: 'bad ids' },
    });
    expect(JsonTraceSerializer.deserializeResponse(encodeExportResponse('traces', 'json', partial))).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'bad ids' },
    });
  });

  it('carries a warning with nothing rejected', () => {
    const body = encodeExportResponse('traces', 'protobuf', { rejected: 0, errorMessage: 'string values over 65536 characters were cut' });
    expect(ProtobufTraceSerializer.deserializeResponse(body)).toEqual({
      partialSuccess: { errorMessage: 'string values over 65536 characters were cut' },
    });
  });
});

describe('encodeStatus', () => {
  it('writes google.rpc.Status in protobuf and JSON', () => {
    const message = 'invalid protobuf: varint runs past the end at offset 812 — ünïcode';
    expect(RpcStatus.toObject(RpcStatus.decode(encodeStatus('protobuf', 3, message)))).toEqual({ code: 3, message });
    expect(JSON.parse(new TextDecoder().decode(encodeStatus('json', 14, message)))).toEqual({ code: 14, message });
  });
});
