// Queues: trace context (and allowed inherited fields) travel in message headers,
// and producer/consumer spans tie an async pipeline (ingest → queue → worker) into one story.
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { errorType } from './error-type.ts';
import { kitTracer } from './kit-telemetry.ts';

/** Message headers as queue clients hand them over: strings, buffers or lists of them. */
export type MessageHeaders = Record<string, unknown>;

export interface MessagingOptions {
  /** `messaging.system`, e.g. `kafka`, `rabbitmq`, `aws_sqs` (default `custom`). */
  system?: string;
  /** `messaging.message.id`, when the queue gives one. */
  messageId?: string;
}

export interface ConsumeOptions extends MessagingOptions {
  /**
   * Make the consumer span a child of the producer span, continuing its trace, rather
   * than only linking to it (the default, which suits batches and long-delayed messages).
   */
  childOfProducer?: boolean;
}

const headerSetter: TextMapSetter<MessageHeaders> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (Array.isArray(value)) return headerText(value[0]);
  return undefined;
}

const headerGetter: TextMapGetter<MessageHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => headerText(carrier[key]),
};

/** Writes the trace context of `ctx` (default: the active one) into `headers`; returns them. */
export function injectContext<H extends MessageHeaders>(headers: H, ctx: Context = context.active()): H {
  propagation.inject(ctx, headers, headerSetter);
  return headers;
}

/** The active context joined with the trace context (and fields) carried by `headers`. */
export function extractContext(headers: MessageHeaders, ctx: Context = context.active()): Context {
  return propagation.extract(ctx, headers ?? {}, headerGetter);
}

function messagingAttributes(topic: string, operation: 'send' | 'process', options: MessagingOptions | undefined): Attributes {
  const attributes: Attributes = {
    'messaging.system': options?.system ?? 'custom',
    'messaging.destination.name': topic,
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
  };
  if (options?.messageId !== undefined) attributes['messaging.message.id'] = options.messageId;
  return attributes;
}

async function inSpan<T>(span: Span, ctx: Context, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await context.with(ctx, fn);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setAttribute('error.type', errorType(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Sends a message to `topic` inside a producer span; `send` gets the headers to put on
 * the message, carrying the span's context.
 *
 * @example
 *   await produce('emails', (headers) => queue.publish({ to, body }, { headers }));
 */
export function produce<T>(topic: string, send: (headers: Record<string, string>) => Promise<T> | T, options?: MessagingOptions): Promise<T> {
  const parent = context.active();
  const span = kitTracer().startSpan('send ' + topic, { kind: SpanKind.PRODUCER, attributes: messagingAttributes(topic, 'send', options) }, parent);
  const ctx = trace.setSpan(parent, span);
  const headers = injectContext<Record<string, string>>({}, ctx);
  return inSpan(span, ctx, () => send(headers));
}

/**
 * Processes a message from `topic` inside a consumer span linked to the producer's span
 * (or its child, with `childOfProducer`); inherited fields from the producer apply.
 *
 * @example
 *   await consume('emails', message.headers, () => mailer.send(message.body));
 */
export function consume<T>(topic: string, headers: MessageHeaders, handle: () => Promise<T> | T, options?: ConsumeOptions): Promise<T> {
  const active = context.active();
  // Read on its own: joined with the active context, a message without one would seem
  // to come from the active span.
  const producer = trace.getSpanContext(extractContext(headers, ROOT_CONTEXT));
  const links: Link[] = producer && trace.isSpanContextValid(producer) ? [{ context: producer }] : [];
  const extracted = extractContext(headers, active);
  let parent = extracted;
  if (!options?.childOfProducer) {
    // Keep the fields and baggage that came with the message, but not its span as parent.
    const activeSpan = trace.getSpan(active);
    parent = activeSpan ? trace.setSpan(extracted, activeSpan) : trace.deleteSpan(extracted);
  }
  const span = kitTracer().startSpan(
    'process ' + topic,
    { kind: SpanKind.CONSUMER, attributes: messagingAttributes(topic, 'process', options), links },
    parent,
  );
  return inSpan(span, trace.setSpan(parent, span), handle);
}
