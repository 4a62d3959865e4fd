// Spans in memory: start one, annotate it, end it, and hand it to the exporter. Sampling
// is decided once per trace from its id, so every span of a trace is kept or dropped together.
import { nowMs } from './clock.ts';
import { newSpanId, newTraceId } from './ids.ts';
import { isTraceSampled } from './sampling.ts';

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** OTLP span kinds the kit records. */
export const SPAN_KIND_INTERNAL = 1;
export const SPAN_KIND_CLIENT = 3;

export interface SpanContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

export interface SpanEvent {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

export interface FinishedSpan {
  context: SpanContext;
  parentSpanId?: string;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Attributes;
  events: SpanEvent[];
  /** Set when the span failed; becomes OTLP status ERROR with this message. */
  errorMessage?: string;
}

export interface Span {
  readonly context: SpanContext;
  setAttributes(attributes: Attributes): void;
  addEvent(name: string, attributes?: Attributes, timeMs?: number): void;
  setError(message: string): void;
  end(endMs?: number): void;
}

export interface StartSpanOptions {
  kind?: number;
  /** Defaults to the active span; `null` starts a new trace. */
  parent?: SpanContext | null;
  startMs?: number;
  attributes?: Attributes;
}

export interface Tracer {
  startSpan(name: string, options?: StartSpanOptions): Span;
  /** The span new spans join by default: the click whose handler is running. */
  active: SpanContext | undefined;
}

export interface TracerOptions {
  sampleRate: number;
  /** Fields added with `addFields`, read when each span starts. */
  fields(): Attributes;
  onEnd(span: FinishedSpan): void;
}

export function createTracer(options: TracerOptions): Tracer {
  const tracer: Tracer = {
    active: undefined,
    startSpan(name, { kind = SPAN_KIND_INTERNAL, parent = tracer.active, startMs = nowMs(), attributes } = {}) {
      const traceId = parent ? parent.traceId : newTraceId();
      const context = { traceId, spanId: newSpanId(), sampled: parent ? parent.sampled : isTraceSampled(traceId, options.sampleRate) };
      const span: FinishedSpan = {
        context,
        parentSpanId: parent?.spanId,
        name,
        kind,
        startMs,
        endMs: startMs,
        // The sample rate travels on every kept span so the server can weigh it back up.
        attributes: { ...options.fields(), ...(options.sampleRate > 1 && { SampleRate: options.sampleRate }), ...attributes },
        events: [],
      };
      let ended = false;
      return {
        context,
        setAttributes: (more) => void Object.assign(span.attributes, more),
        addEvent: (eventName, eventAttributes = {}, timeMs = nowMs()) => void span.events.push({ name: eventName, timeMs, attributes: eventAttributes }),
        setError: (message) => void (span.errorMessage = message),
        end(endMs = nowMs()) {
          if (ended) return;
          ended = true;
          span.endMs = Math.max(endMs, startMs);
          if (context.sampled) options.onEnd(span);
        },
      };
    },
  };
  return tracer;
}
