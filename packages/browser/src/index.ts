// @flashlight/browser: traces a web page as part of the distributed system it talks to.
export { init, ALREADY_STARTED } from './init.ts';
export type { BrowserKit } from './init.ts';
export {
  validateOptions,
  DEFAULT_RUNAWAY,
  MISSING_SERVICE_NAME,
  INVALID_ENDPOINT,
  INVALID_SAMPLE_RATE,
  INVALID_PROPAGATE_TO,
  INVALID_HEADERS,
  INVALID_RUNAWAY_LIMITS,
} from './validate-options.ts';
export type { BrowserKitOptions, RunawayOptions } from './validate-options.ts';
export { RunawayRequestError } from './runaway-requests.ts';
export { normalizeRoute } from './request-route.ts';
export { formatTraceparent, parseTraceparent, shouldPropagate } from './trace-context.ts';
export type { PropagationTarget } from './trace-context.ts';
export type { Attributes, AttributeValue, SpanContext } from './tracer.ts';
