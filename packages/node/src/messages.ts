// Every warning the kit can give, as exported constants: the kit reports a problem once
// with one of these and carries on, so tests and users can match on them.

export const MISSING_SERVICE_NAME = '@flashlight/node: no serviceName given (option serviceName or OTEL_SERVICE_NAME); spans will say unknown_service:node';
export const INVALID_ENDPOINT =
  '@flashlight/node: endpoint is not an http(s) URL (option endpoint or OTEL_EXPORTER_OTLP_ENDPOINT); using http://localhost:4318';
export const INVALID_HEADERS =
  '@flashlight/node: headers must map names to strings (option headers or OTEL_EXPORTER_OTLP_HEADERS as k=v,k2=v2); ignoring the bad ones';
export const INVALID_PROPAGATION_TARGETS =
  '@flashlight/node: propagateFieldsTo must list host names, host:port, *.domain or queue topics; ignoring the bad entries';
export const UNKNOWN_OPTION = '@flashlight/node: unknown option passed to init, ignored';
export const ALREADY_INITIALIZED = '@flashlight/node: init was called again; keeping the first setup (call shutdown() first to start over)';
export const EXPORT_FAILED = '@flashlight/node: could not send telemetry to the endpoint; it is dropped, the application carries on';
export const INVALID_FIELD_VALUE = '@flashlight/node: field values must be strings, numbers or booleans; other values are dropped';
export const INVALID_WRAP_OPTIONS = '@flashlight/node: bad wrap() options (timeoutMs, retries, circuit); the bad ones fall back to their defaults';
export const INVALID_FLAG_OPTIONS = '@flashlight/node: bad flag() options (timeoutMs); using the default timeout';
export const INIT_FAILED = '@flashlight/node: could not set up OpenTelemetry; the application runs without telemetry';
export const INVALID_SAMPLE_RATE =
  '@flashlight/node: sampleRate must be a whole number >= 1 (option sampleRate or FLASHLIGHT_SAMPLE_RATE); keeping every trace';
export const ESM_HOOK_UNAVAILABLE = '@flashlight/node: could not register the ES module loader hook; http imported by ES modules may not be instrumented';
export const OTHER_SDK_REGISTERED = '@flashlight/node: another OpenTelemetry SDK is already registered in this process; init() leaves it in charge';
