// Spans to wide events: one event per span, one per span event (e.g. an exception) and
// one per link, all in the dataset of the span's service.
import type { WideEvent } from '../../events/wide-event.ts';
import { STATUS_CODE_ERROR } from '../../events/span-status.ts';
import { addAttributes, copyFields, cutString, serviceNameOf, sharedFields, type Fields, type SharedFields } from './attribute-fields.ts';
import { DatasetBatcher } from './dataset-batcher.ts';
import type { FieldBudget } from './field-budget.ts';
import type { DecodedOtlp } from './decoded-otlp.ts';
import { ItemTally } from './item-tally.ts';
import type { EventTimeWindow } from '../event-time-window.ts';
import { idProblem, isAbsentId, SPAN_ID_BYTES, TRACE_ID_BYTES } from './otlp-ids.ts';
import { nanosToMicros, type OtlpResourceSpans, type OtlpSpan } from './otlp-model.ts';
import { sampleRateOf } from './sample-rate.ts';

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export function normalizeSpans(resourceSpans: OtlpResourceSpans[], environment: string, budget: FieldBudget, window: EventTimeWindow): DecodedOtlp {
  const batcher = new DatasetBatcher(environment);
  const tally = new ItemTally('spans');
  for (const { resource, scopeSpans } of resourceSpans) {
    const serviceName = serviceNameOf(resource);
    const events = batcher.eventsOf(serviceName);
    for (const { scope, spans } of scopeSpans) {
      const shared = sharedFields(resource, scope, serviceName, tally);
      for (const span of spans) {
        const problem = spanProblem(span, window) ?? (budget.takeEvent(shared.names.length, span.attributes.length) ? null : budget.exhausted);
        if (problem !== null) tally.reject(problem);
        else appendSpanEvents(events, span, shared, serviceName, tally, budget);
      }
    }
  }
  return { batches: batcher.batches(), rejected: tally.rejected, errorMessage: tally.message() };
}

/**
 * A span is refused when its start, or an end after its start, is outside the window of
 * event times. An end before the start (an unfinished span, a skewed clock) gives a
 * duration of 0 instead.
 */
function spanProblem(span: OtlpSpan, window: EventTimeWindow): string | null {
  return (
    span.problem ??
    idProblem(span.traceId, TRACE_ID_BYTES, 'trace_id') ??
    idProblem(span.spanId, SPAN_ID_BYTES, 'span_id') ??
    (isAbsentId(span.parentSpanId) ? null : idProblem(span.parentSpanId, SPAN_ID_BYTES, 'parent_span_id')) ??
    window.problem(nanosToMicros(span.startTimeUnixNano), 'start time') ??
    (span.endTimeUnixNano > span.startTimeUnixNano ? window.problem(nanosToMicros(span.endTimeUnixNano), 'end time') : null)
  );
}

/**
 * Fields Flashlight derives (ids, name, duration, kind, status, service) are set after the
 * attributes, so an attribute of the same name cannot disguise what the span is.
 */
function appendSpanEvents(events: WideEvent[], span: OtlpSpan, shared: SharedFields, serviceName: string, tally: ItemTally, budget: FieldBudget): void {
  const sampleRate = sampleRateOf(span.attributes, span.traceState);
  const startUs = nanosToMicros(span.startTimeUnixNano);
  const durationNs = span.endTimeUnixNano - span.startTimeUnixNano;

  const fields: Fields = copyFields(shared);
  addAttributes(fields, span.attributes, tally, true);
  fields['trace.trace_id'] = span.traceId;
  fields['trace.span_id'] = span.spanId;
  if (!isAbsentId(span.parentSpanId)) fields['trace.parent_id'] = span.parentSpanId;
  if (span.traceState !== '') fields['trace.trace_state'] = span.traceState;
  fields.name = cutString(span.name, tally);
  // An unfinished span (no end time) or a skewed clock would give a negative duration: 0.
  fields.duration_ms = durationNs > 0n ? Number(durationNs) / 1e6 : 0;
  const kind = SPAN_KINDS[span.kind] ?? 'unspecified';
  fields['span.kind'] = kind;
  fields.type = kind;
  fields['span.num_events'] = span.events.length;
  fields['span.num_links'] = span.links.length;
  // OTLP's StatusCode as the number it is (0 unset, 1 ok, 2 error), as Honeycomb writes it.
  fields.status_code = span.statusCode;
  if (span.statusMessage !== '') fields.status_message = cutString(span.statusMessage, tally);
  // As Honeycomb's translator: `error` is set only on error, on the span and its events and links.
  const failed = span.statusCode === STATUS_CODE_ERROR;
  if (failed) fields.error = true;
  fields['service.name'] = serviceName;
  fields['meta.signal_type'] = 'trace';
  events.push({ timeUs: startUs, sampleRate, fields });

  for (const spanEvent of span.events) {
    if (!budget.takeEvent(shared.names.length, spanEvent.attributes.length)) {
      tally.warn(`span events dropped: ${budget.exhausted}`);
      break;
    }
    const eventFields: Fields = copyFields(shared);
    addAttributes(eventFields, spanEvent.attributes, tally);
    eventFields['meta.annotation_type'] = 'span_event';
    eventFields.name = cutString(spanEvent.name, tally);
    eventFields.parent_name = fields.name;
    if (failed) eventFields.error = true;
    eventFields['trace.trace_id'] = span.traceId;
    eventFields['trace.parent_id'] = span.spanId;
    eventFields['service.name'] = serviceName;
    eventFields['meta.signal_type'] = 'trace';
    const timeUs = spanEvent.timeUnixNano > 0n ? nanosToMicros(spanEvent.timeUnixNano) : startUs;
    events.push({ timeUs, sampleRate, fields: eventFields });
  }

  for (const link of span.links) {
    const problem = idProblem(link.traceId, TRACE_ID_BYTES, 'link trace_id') ?? idProblem(link.spanId, SPAN_ID_BYTES, 'link span_id');
    if (problem !== null) {
      tally.warn(`links dropped: ${problem}`);
      continue;
    }
    if (!budget.takeEvent(shared.names.length, link.attributes.length)) {
      tally.warn(`links dropped: ${budget.exhausted}`);
      break;
    }
    const linkFields: Fields = copyFields(shared);
    addAttributes(linkFields, link.attributes, tally);
    linkFields['meta.annotation_type'] = 'link';
    linkFields.parent_name = fields.name;
    if (failed) linkFields.error = true;
    linkFields['trace.link.trace_id'] = link.traceId;
    linkFields['trace.link.span_id'] = link.spanId;
    if (link.traceState !== '') linkFields['trace.link.trace_state'] = link.traceState;
    linkFields['trace.trace_id'] = span.traceId;
    linkFields['trace.parent_id'] = span.spanId;
    linkFields['service.name'] = serviceName;
    linkFields['meta.signal_type'] = 'trace';
    events.push({ timeUs: startUs, sampleRate, fields: linkFields });
  }
}
