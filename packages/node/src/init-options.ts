// init() options and their environment variables, resolved once: explicit options win
// over the environment, which wins over defaults; a bad value warns and is replaced.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { INVALID_ENDPOINT, INVALID_HEADERS, INVALID_PROPAGATION_TARGETS, INVALID_SAMPLE_RATE, MISSING_SERVICE_NAME, UNKNOWN_OPTION } from './messages.ts';
import { toFields, type FieldValue } from './fields.ts';
import { warnOnce } from './warn-once.ts';

export interface InitOptions {
  /** `service.name`; env OTEL_SERVICE_NAME. */
  serviceName?: string;
  /** `service.version`; env FLASHLIGHT_SERVICE_VERSION. */
  serviceVersion?: string;
  /** `deployment.environment.name` (prod, staging); env FLASHLIGHT_ENVIRONMENT. */
  environment?: string;
  /** Flashlight's OTLP/HTTP base URL; env OTEL_EXPORTER_OTLP_ENDPOINT; default http://localhost:4318. */
  endpoint?: string;
  /** Sent with every export (e.g. an API key); env OTEL_EXPORTER_OTLP_HEADERS as `k=v,k2=v2`. */
  headers?: Record<string, string>;
  /**
   * Hosts (`api.internal`, `localhost:4001`, `*.corp.example`) and queue topics that
   * fields set with withFields() may travel to as W3C baggage; nowhere else.
   * Env FLASHLIGHT_PROPAGATE_FIELDS_TO, comma-separated. Default: none.
   */
  propagateFieldsTo?: string[];
  /**
   * Keep 1 in this many traces (by trace id, so services agree), each kept span marked
   * with `SampleRate` so that aggregates stay honest. Env FLASHLIGHT_SAMPLE_RATE; default 1.
   */
  sampleRate?: number;
  /** More resource attributes (also OTEL_RESOURCE_ATTRIBUTES). */
  resourceAttributes?: Record<string, FieldValue>;
  /** Replaces the OTLP span exporter (e.g. an in-memory one in tests). */
  traceExporter?: SpanExporter;
  /** Replaces the OTLP log exporter. */
  logExporter?: LogRecordExporter;
  /** Replaces the default instrumentations: `[...defaultInstrumentations(), new PgInstrumentation()]`. */
  instrumentations?: Instrumentation[];
}

export interface ResolvedInitOptions {
  serviceName: string;
  serviceVersion: string | undefined;
  environment: string | undefined;
  endpoint: string;
  headers: Record<string, string>;
  propagateFieldsTo: string[];
  sampleRate: number;
  resourceAttributes: Record<string, FieldValue>;
}

export const DEFAULT_ENDPOINT = 'http://localhost:4318';
export const DEFAULT_SERVICE_NAME = 'unknown_service:node';

const KNOWN_OPTIONS = new Set<string>([
  'serviceName',
  'serviceVersion',
  'environment',
  'endpoint',
  'headers',
  'propagateFieldsTo',
  'sampleRate',
  'resourceAttributes',
  'traceExporter',
  'logExporter',
  'instrumentations',
]);

type Env = Record<string, string | undefined>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function endpointOf(raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_ENDPOINT;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  warnOnce(INVALID_ENDPOINT, `got ${JSON.stringify(raw)}`);
  return DEFAULT_ENDPOINT;
}

/** `k=v,k2=v2` with percent-encoded values, as OTEL_EXPORTER_OTLP_HEADERS has them. */
function parseHeaderList(list: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of list.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : '';
    let value: string | undefined;
    try {
      value = eq > 0 ? decodeURIComponent(pair.slice(eq + 1).trim()) : undefined;
    } catch {
      value = undefined;
    }
    if (name === '' || value === undefined) warnOnce(INVALID_HEADERS, `entry ${JSON.stringify(pair)}`);
    else headers[name] = value;
  }
  return headers;
}

function headersOf(option: unknown, env: string | undefined): Record<string, string> {
  const headers = env ? parseHeaderList(env) : {};
  if (option === undefined) return headers;
  if (typeof option !== 'object' || option === null) {
    warnOnce(INVALID_HEADERS, `got ${typeof option}`);
    return headers;
  }
  for (const [name, value] of Object.entries(option)) {
    if (typeof value === 'string') headers[name] = value;
    else warnOnce(INVALID_HEADERS, `header ${JSON.stringify(name)} is ${typeof value}`);
  }
  return headers;
}

function listOf(option: unknown, env: string | undefined): string[] {
  if (Array.isArray(option)) return option as string[];
  if (option !== undefined) warnOnce(INVALID_PROPAGATION_TARGETS, `got ${typeof option}`);
  return env
    ? env
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
    : [];
}

function sampleRateOf(option: unknown, env: string | undefined): number {
  const raw = option ?? (env?.trim() ? Number(env) : undefined);
  if (raw === undefined) return 1;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1) return raw;
  warnOnce(INVALID_SAMPLE_RATE, `got ${JSON.stringify(option ?? env)}`);
  return 1;
}

export function resolveInitOptions(options: InitOptions, env: Env = process.env): ResolvedInitOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) warnOnce(UNKNOWN_OPTION, `option ${JSON.stringify(key)}`);
  }
  let serviceName = text(options.serviceName) ?? text(env.OTEL_SERVICE_NAME);
  if (serviceName === undefined) {
    warnOnce(MISSING_SERVICE_NAME);
    serviceName = DEFAULT_SERVICE_NAME;
  }
  return {
    serviceName,
    serviceVersion: text(options.serviceVersion) ?? text(env.FLASHLIGHT_SERVICE_VERSION),
    environment: text(options.environment) ?? text(env.FLASHLIGHT_ENVIRONMENT),
    endpoint: endpointOf(text(options.endpoint) ?? text(env.OTEL_EXPORTER_OTLP_ENDPOINT)),
    headers: headersOf(options.headers, env.OTEL_EXPORTER_OTLP_HEADERS),
    propagateFieldsTo: listOf(options.propagateFieldsTo, env.FLASHLIGHT_PROPAGATE_FIELDS_TO),
    sampleRate: sampleRateOf(options.sampleRate, env.FLASHLIGHT_SAMPLE_RATE),
    resourceAttributes: toFields(options.resourceAttributes ?? {}),
  };
}
