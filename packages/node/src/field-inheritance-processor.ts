// Copies the fields set with withFields() onto each span when it starts and each log
// record when it is emitted, so child spans (HTTP clients, vendor calls, queries) and logs
// answer "what happened to this user" on their own.
import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { inheritedFields, type FieldValue } from './fields.ts';

/** Sets the inherited fields the item has no value for: its own attributes win. */
function inherit(parentContext: Context | undefined, own: Readonly<Record<string, unknown>>, set: (key: string, value: FieldValue) => void): void {
  const fields = parentContext && inheritedFields(parentContext);
  if (!fields) return;
  for (const key in fields) {
    if (own[key] === undefined) set(key, fields[key]);
  }
}

export class FieldInheritanceSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    inherit(parentContext, span.attributes, (key, value) => span.setAttribute(key, value));
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export class FieldInheritanceLogProcessor implements LogRecordProcessor {
  onEmit(logRecord: ReadWriteLogRecord, context?: Context): void {
    inherit(context, logRecord.attributes, (key, value) => logRecord.setAttribute(key, value));
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
