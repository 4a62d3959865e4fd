// Real OTLP requests, serialized by the OpenTelemetry SDK from the decoder tests' SDK
// telemetry, as protobuf and JSON: seeds for fuzzing and replays.
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { makeSdkLogRecords, makeSdkSpans } from '../ingest/otlp/fixtures/sdk-telemetry.ts';

export interface RealPayloads {
  tracesProtobuf: Uint8Array;
  tracesJson: Uint8Array;
  logsProtobuf: Uint8Array;
  logsJson: Uint8Array;
}

export async function realPayloads(): Promise<RealPayloads> {
  const spans = await makeSdkSpans();
  const logs = await makeSdkLogRecords();
  return {
    tracesProtobuf: ProtobufTraceSerializer.serializeRequest(spans)!,
    tracesJson: JsonTraceSerializer.serializeRequest(spans)!,
    logsProtobuf: ProtobufLogsSerializer.serializeRequest(logs)!,
    logsJson: JsonLogsSerializer.serializeRequest(logs)!,
  };
}
