// The options of `init`, checked once: a bad option gives a warning and a safe default,
// never an exception, because telemetry must not break the page that loads it.
import type { PropagationTarget } from './trace-context.ts';

export interface RunawayOptions {
  /** More requests of one route than this within `windowMs` is a runaway. Default 10. */
  maxRequests?: number;
  /** Default 5000. */
  windowMs?: number;
  /** Refuse requests over the limit (they reject with RunawayRequestError). Default false. */
  throttle?: boolean;
}

export interface BrowserKitOptions {
  serviceName: string;
  /** Flashlight (or any OTLP/HTTP receiver) base URL; spans go to `{endpoint}/v1/traces`. */
  endpoint: string;
  /** Cross-origin APIs that receive `traceparent`: origins, or RegExps tested on the full URL. */
  propagateTo?: PropagationTarget[];
  serviceVersion?: string;
  environment?: string;
  /** Sent with every export, e.g. an ingest key. Beacons cannot carry headers, so with
   *  headers set the last export of a page goes by keepalive fetch instead. */
  headers?: Record<string, string>;
  /** Keep 1 in `sampleRate` traces. Default 1 (keep all). */
  sampleRate?: number;
  /** Runaway-request detection; `false` turns it off. */
  runaway?: RunawayOptions | false;
  /** Record the page's scripts, styles and other resources as children of `document_load`. */
  resourceTimings?: boolean;
}

export interface ValidOptions {
  serviceName: string;
  tracesUrl: string;
  propagateTo: PropagationTarget[];
  serviceVersion?: string;
  environment?: string;
  headers: Record<string, string>;
  sampleRate: number;
  runaway: Required<RunawayOptions> | false;
  resourceTimings: boolean;
}

const PREFIX = '@flashlight/browser: ';
export const MISSING_SERVICE_NAME = PREFIX + 'serviceName is missing; spans are sent as "unknown_service:browser".';
export const INVALID_ENDPOINT = PREFIX + 'endpoint is missing or not a URL; nothing will be recorded or sent.';
export const INVALID_SAMPLE_RATE = PREFIX + 'sampleRate must be a whole number of at least 1 (keep 1 in N traces); keeping every trace.';
export const INVALID_PROPAGATE_TO = PREFIX + 'propagateTo entries must be origins like "https://api.example.com" or RegExps; ignoring: ';
export const INVALID_HEADERS = PREFIX + 'headers must be an object of string values; sending none.';
export const INVALID_RUNAWAY_LIMITS = PREFIX + 'runaway.maxRequests and runaway.windowMs must be positive numbers; using 10 requests per 5000 ms.';

export const DEFAULT_RUNAWAY: Required<RunawayOptions> = { maxRequests: 10, windowMs: 5000, throttle: false };

const isPositive = (value: unknown) => typeof value === 'number' && value > 0 && Number.isFinite(value);

function tracesUrl(endpoint: unknown, pageHref: string): string | undefined {
  if (typeof endpoint !== 'string' || !endpoint) return undefined;
  try {
    const base = new URL(endpoint, pageHref).href.replace(/\/+$/, '').replace(/\/v1\/traces$/, '');
    return base + '/v1/traces';
  } catch {
    return undefined;
  }
}

function propagationTarget(target: unknown): PropagationTarget | undefined {
  if (target instanceof RegExp) return target;
  try {
    return typeof target === 'string' ? new URL(target).origin : undefined;
  } catch {
    return undefined;
  }
}

/** Options with defaults filled in (null when nothing can be sent), and the warnings to print. */
export function validateOptions(options: Partial<BrowserKitOptions> | undefined, pageHref: string): { options: ValidOptions | null; warnings: string[] } {
  const given = options ?? {};
  const warnings: string[] = [];
  const url = tracesUrl(given.endpoint, pageHref);
  if (!url) return { options: null, warnings: [INVALID_ENDPOINT] };

  let serviceName = given.serviceName;
  if (typeof serviceName !== 'string' || !serviceName) {
    warnings.push(MISSING_SERVICE_NAME);
    serviceName = 'unknown_service:browser';
  }

  let sampleRate = given.sampleRate ?? 1;
  if (!Number.isInteger(sampleRate) || sampleRate < 1) {
    warnings.push(INVALID_SAMPLE_RATE);
    sampleRate = 1;
  }

  const propagateTo: PropagationTarget[] = [];
  for (const target of Array.isArray(given.propagateTo) ? given.propagateTo : []) {
    const valid = propagationTarget(target);
    if (valid) propagateTo.push(valid);
    else warnings.push(INVALID_PROPAGATE_TO + String(target));
  }

  let headers = given.headers ?? {};
  if (typeof headers !== 'object' || Object.values(headers).some((value) => typeof value !== 'string')) {
    warnings.push(INVALID_HEADERS);
    headers = {};
  }

  let runaway: ValidOptions['runaway'] = false;
  if (given.runaway !== false) {
    const { maxRequests = DEFAULT_RUNAWAY.maxRequests, windowMs = DEFAULT_RUNAWAY.windowMs, throttle = false } = given.runaway ?? {};
    runaway = { ...DEFAULT_RUNAWAY, throttle: throttle === true };
    if (isPositive(maxRequests) && isPositive(windowMs)) Object.assign(runaway, { maxRequests, windowMs });
    else warnings.push(INVALID_RUNAWAY_LIMITS);
  }

  return {
    options: {
      serviceName,
      tracesUrl: url,
      propagateTo,
      serviceVersion: given.serviceVersion,
      environment: given.environment,
      headers,
      sampleRate,
      runaway,
      resourceTimings: given.resourceTimings === true,
    },
    warnings,
  };
}
