// @flashlight/node: OpenTelemetry for Node services with Flashlight's three rules built in.
export { init, defaultInstrumentations } from './init.ts';
export type { FlashlightHandle } from './init.ts';
export { DEFAULT_ENDPOINT, DEFAULT_SERVICE_NAME } from './init-options.ts';
export type { InitOptions } from './init-options.ts';
export { addFields, withFields, inheritedFields } from './fields.ts';
export type { FieldValue, Fields } from './fields.ts';
export { setHttpRoute } from './http-route.ts';
export { FieldInheritanceLogProcessor, FieldInheritanceSpanProcessor } from './field-inheritance-processor.ts';
export { FieldPropagator, MAX_RECEIVED_FIELDS } from './field-propagator.ts';
export { propagationTargets } from './propagation-targets.ts';
export { SampleRateSampler } from './sample-rate-sampler.ts';
export type { Destination, PropagationTargets } from './propagation-targets.ts';
export { wrap, CircuitOpenError } from './wrap/wrap.ts';
export type { VendorOutcome } from './wrap/wrap.ts';
export type { WrapOptions, FallbackReason } from './wrap/wrap-options.ts';
export { circuitState } from './wrap/circuit-breaker.ts';
export type { CircuitState } from './wrap/circuit-breaker.ts';
export { flag, DEFAULT_FLAG_TIMEOUT_MS } from './flag.ts';
export type { FlagEvaluator, FlagOptions, FlagResolution } from './flag.ts';
export { injectContext, extractContext, produce, consume } from './messaging.ts';
export type { ConsumeOptions, MessageHeaders, MessagingOptions } from './messaging.ts';
export { setWarningHandler } from './warn-once.ts';
export type { WarningHandler } from './warn-once.ts';
export {
  ALREADY_INITIALIZED,
  ESM_HOOK_UNAVAILABLE,
  EXPORT_FAILED,
  INIT_FAILED,
  INVALID_ENDPOINT,
  INVALID_FIELD_VALUE,
  INVALID_FLAG_OPTIONS,
  INVALID_HEADERS,
  INVALID_PROPAGATION_TARGETS,
  INVALID_SAMPLE_RATE,
  INVALID_WRAP_OPTIONS,
  MISSING_SERVICE_NAME,
  OTHER_SDK_REGISTERED,
  UNKNOWN_OPTION,
} from './messages.ts';
