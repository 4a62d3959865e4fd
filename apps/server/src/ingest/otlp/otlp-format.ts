// OTLP/HTTP's two encodings: `application/x-protobuf` and `application/json`.

export type OtlpFormat = 'protobuf' | 'json';
