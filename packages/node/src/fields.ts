// Wide-event fields: add them to the current span, or set them once for a unit of work
// so that every span started inside it carries them too.
import { context, createContextKey, trace, type Context } from '@opentelemetry/api';
import { INVALID_FIELD_VALUE } from './messages.ts';
import { warnOnce } from './warn-once.ts';

export type FieldValue = string | number | boolean;
export type Fields = Readonly<Record<string, FieldValue>>;

const INHERITED_FIELDS = createContextKey('@flashlight/node inherited fields');

/** Keeps string, number and boolean values; drops null/undefined quietly, the rest with a warning. */
export function toFields(input: Readonly<Record<string, unknown>>): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const key in input) {
    const value = input[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      fields[key] = value;
    } else if (value !== undefined && value !== null) {
      warnOnce(INVALID_FIELD_VALUE, `field ${JSON.stringify(key)} is ${typeof value}`);
    }
  }
  return fields;
}

/** The fields that spans started in `ctx` inherit. */
export function inheritedFields(ctx: Context): Fields | undefined {
  return ctx.getValue(INHERITED_FIELDS) as Fields | undefined;
}

/** `ctx` with `fields` added to those its spans inherit (later values win). */
export function withInheritedFields(ctx: Context, fields: Fields): Context {
  const outer = inheritedFields(ctx);
  return ctx.setValue(INHERITED_FIELDS, outer ? { ...outer, ...fields } : fields);
}

/** Adds fields to the span that is active now (and to no other). */
export function addFields(fields: Readonly<Record<string, unknown>>): void {
  trace.getActiveSpan()?.setAttributes(toFields(fields));
}

/**
 * Runs `fn` with `fields` on the active span and on every span started inside `fn`
 * (through FieldInheritanceSpanProcessor), e.g. `user.id` once per request.
 */
export function withFields<T>(fields: Readonly<Record<string, unknown>>, fn: () => T): T {
  const valid = toFields(fields);
  const active = context.active();
  trace.getSpan(active)?.setAttributes(valid);
  return context.with(withInheritedFields(active, valid), fn);
}
