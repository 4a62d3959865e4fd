// Bounds on what one OTLP item may carry. Telemetry is hostile input: these keep a
// crafted request from exhausting the stack, memory or the store's column budget.

/** AnyValue nesting kept; anything deeper is replaced by TRUNCATED_VALUE. */
export const MAX_VALUE_DEPTH = 32;
export const TRUNCATED_VALUE = '[nested too deep]';

/** Attributes kept per attribute list (resource, scope, span, event, link, log). */
export const MAX_ATTRIBUTES = 1000;

/** Longest attribute key kept, as for every field: MAX_FIELD_NAME_LENGTH (events/wide-event.ts). */

/** Longest string value kept, in characters (Honeycomb's limit); longer ones are cut. */
export const MAX_STRING_LENGTH = 64 * 1024;

/**
 * Fields one request may expand to: MIN_FIELD_BUDGET plus FIELDS_PER_BODY_BYTE per byte
 * of body. Resource and scope attributes are copied onto every event, so a small body of
 * many tiny items under one resource with many attributes could otherwise grow into
 * gigabytes. Real telemetry stays under one field per body byte.
 */
export const MIN_FIELD_BUDGET = 100_000;
export const FIELDS_PER_BODY_BYTE = 2;
