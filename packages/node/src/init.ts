// init(): the one call that sets up OpenTelemetry for a Node service sending to
// Flashlight: traces and logs over OTLP/HTTP protobuf, W3C trace context and baggage,
// HTTP and fetch instrumentation, and inherited wide-event fields.
import { context, propagation, ProxyTracerProvider, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, detectResources, envDetector, hostDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { registerEsmHook } from './esm-hook.ts';
import { reportingExportFailures } from './export-failure.ts';
import { FieldInheritanceLogProcessor, FieldInheritanceSpanProcessor } from './field-inheritance-processor.ts';
import { FieldPropagator } from './field-propagator.ts';
import { forgetKitTracer, KIT_NAME } from './kit-telemetry.ts';
import type { FieldValue } from './fields.ts';
import { resolveInitOptions, type InitOptions, type ResolvedInitOptions } from './init-options.ts';
import { ALREADY_INITIALIZED, EXPORT_FAILED, INIT_FAILED, OTHER_SDK_REGISTERED } from './messages.ts';
import { propagationTargets } from './propagation-targets.ts';
import { SampleRateSampler } from './sample-rate-sampler.ts';
import { warnOnce } from './warn-once.ts';

export interface FlashlightHandle {
  /** Sends everything recorded so far. Never rejects. */
  flush(): Promise<void>;
  /** Flushes, stops the instrumentations and unregisters OpenTelemetry. Never rejects. */
  shutdown(): Promise<void>;
}

const NOOP_HANDLE: FlashlightHandle = Object.freeze({
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});

let current: FlashlightHandle | undefined;

function resourceOf(resolved: ResolvedInitOptions): Resource {
  const ours: Record<string, FieldValue> = {
    ...resolved.resourceAttributes,
    'service.name': resolved.serviceName,
  };
  if (resolved.serviceVersion !== undefined) ours['service.version'] = resolved.serviceVersion;
  if (resolved.environment !== undefined) ours['deployment.environment.name'] = resolved.environment;
  // Not the process detector: its command line would put any secret passed as an
  // argument on every event.
  const detected = detectResources({ detectors: [envDetector, hostDetector] });
  const runtime = resourceFromAttributes({
    'process.pid': process.pid,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': process.versions.node,
  });
  return defaultResource().merge(detected).merge(runtime).merge(resourceFromAttributes(ours));
}

/** HTTP server and client, and fetch: what init() instruments unless told otherwise. */
export function defaultInstrumentations(): Instrumentation[] {
  return [new HttpInstrumentation(), new UndiciInstrumentation()];
}

async function settled(what: string, work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    warnOnce(EXPORT_FAILED, `${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function setUp(options: InitOptions): FlashlightHandle {
  const resolved = resolveInitOptions(options);
  const resource = resourceOf(resolved);
  const traceExporter = reportingExportFailures(
    options.traceExporter ?? new OTLPTraceExporter({ url: `${resolved.endpoint}/v1/traces`, headers: resolved.headers }),
  );
  const logExporter = reportingExportFailures(options.logExporter ?? new OTLPLogExporter({ url: `${resolved.endpoint}/v1/logs`, headers: resolved.headers }));

  forgetKitTracer();
  const tracerProvider = new NodeTracerProvider({
    resource,
    ...(resolved.sampleRate > 1 && { sampler: new SampleRateSampler(resolved.sampleRate) }),
    spanProcessors: [new FieldInheritanceSpanProcessor(), new BatchSpanProcessor(traceExporter)],
  });
  tracerProvider.register({
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new FieldPropagator(propagationTargets(resolved.propagateFieldsTo))],
    }),
  });
  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new FieldInheritanceLogProcessor(), new BatchLogRecordProcessor({ exporter: logExporter })],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  const instrumentations = options.instrumentations ?? defaultInstrumentations();
  registerEsmHook(instrumentations);
  const stopInstrumentations = registerInstrumentations({
    instrumentations,
    tracerProvider,
    loggerProvider,
  });

  const flush = () =>
    Promise.all([settled('flushing traces', tracerProvider.forceFlush()), settled('flushing logs', loggerProvider.forceFlush())]).then(() => undefined);
  const handle: FlashlightHandle = {
    flush,
    async shutdown() {
      if (current !== handle) return;
      current = undefined;
      stopInstrumentations();
      await Promise.all([settled('shutting down traces', tracerProvider.shutdown()), settled('shutting down logs', loggerProvider.shutdown())]);
      unregister();
    },
  };
  return handle;
}

/** Takes our providers out of the API's globals, so that a later init() can register afresh. */
function unregister(): void {
  trace.disable();
  forgetKitTracer();
  propagation.disable();
  context.disable();
  logs.disable();
}

/** Whether the application registered an SDK of its own: the API keeps the first one. */
function otherSdkRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer(KIT_NAME) !== undefined;
}

/**
 * Sets up OpenTelemetry for this process, sending to Flashlight. Call it before the
 * application loads `http`: in a module given to `node --import`, or start node with
 * `--import @flashlight/node/register`, which calls it with settings from the environment.
 * Never throws: problems are reported once as warnings.
 *
 * @example
 *   const telemetry = init({ serviceName: 'checkout', environment: 'prod' });
 *   process.on('SIGTERM', () => telemetry.shutdown().then(() => process.exit(0)));
 */
export function init(options: InitOptions = {}): FlashlightHandle {
  if (current) {
    warnOnce(ALREADY_INITIALIZED);
    return current;
  }
  if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return NOOP_HANDLE;
  if (otherSdkRegistered()) {
    warnOnce(OTHER_SDK_REGISTERED);
    return NOOP_HANDLE;
  }
  try {
    current = setUp(options ?? {});
    return current;
  } catch (error) {
    unregister();
    warnOnce(INIT_FAILED, error instanceof Error ? error.message : String(error));
    return NOOP_HANDLE;
  }
}
