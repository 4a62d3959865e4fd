// Copies the fields set with withFields() onto each span when it starts, so child spans
// (HTTP clients, vendor calls, queries) answer "what happened to this user" on their own.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { inheritedFields } from './fields.ts';

export class FieldInheritanceSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const fields = inheritedFields(parentContext);
    if (!fields) return;
    // A span's own attributes (set by its instrumentation at start) win over inherited ones.
    const own = span.attributes;
    for (const key in fields) {
      if (own[key] === undefined) span.setAttribute(key, fields[key]);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
