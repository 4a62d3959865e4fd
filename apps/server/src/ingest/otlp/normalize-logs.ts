// Log records to wide events, one each, in the dataset of their service.
import { bodyText } from './any-value.ts';
import { addAttributes, copyFields, cutString, serviceNameOf, sharedFields, type Fields } from './attribute-fields.ts';
import { DatasetBatcher } from './dataset-batcher.ts';
import type { FieldBudget } from './field-budget.ts';
import type { DecodedOtlp } from './decoded-otlp.ts';
import { ItemTally } from './item-tally.ts';
import type { EventTimeWindow } from '../event-time-window.ts';
import { idProblem, isAbsentId, SPAN_ID_BYTES, TRACE_ID_BYTES } from './otlp-ids.ts';
import { nanosToMicros, type OtlpLogRecord, type OtlpResourceLogs } from './otlp-model.ts';
import { sampleRateOf } from './sample-rate.ts';

/** The OTLP severity ranges 1-4, 5-8, ... 21-24, by their short names. */
const SEVERITY_NAMES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

function severityName(severityNumber: number): string | undefined {
  return severityNumber >= 1 && severityNumber <= 24 ? SEVERITY_NAMES[(severityNumber - 1) >> 2] : undefined;
}

export function normalizeLogs(resourceLogs: OtlpResourceLogs[], environment: string, budget: FieldBudget, window: EventTimeWindow): DecodedOtlp {
  const receivedUs = window.nowUs;
  const batcher = new DatasetBatcher(environment);
  const tally = new ItemTally('log records');
  for (const { resource, scopeLogs } of resourceLogs) {
    const serviceName = serviceNameOf(resource);
    const events = batcher.eventsOf(serviceName);
    for (const { scope, logRecords } of scopeLogs) {
      const shared = sharedFields(resource, scope, serviceName, tally);
      for (const record of logRecords) {
        const timeUs = logTimeUs(record, receivedUs);
        const problem =
          logRecordProblem(record) ?? window.problem(timeUs) ?? (budget.takeEvent(shared.names.length, record.attributes.length) ? null : budget.exhausted);
        if (problem !== null) {
          tally.reject(problem);
          continue;
        }
        const fields: Fields = copyFields(shared);
        addAttributes(fields, record.attributes, tally, true);
        setLogFields(fields, record, tally);
        fields['service.name'] = serviceName;
        events.push({ timeUs, sampleRate: sampleRateOf(record.attributes, ''), fields });
      }
    }
  }
  return { batches: batcher.batches(), rejected: tally.rejected, errorMessage: tally.message() };
}

/** Ids are optional on a log record, but one that is sent must be well formed. */
function logRecordProblem(record: OtlpLogRecord): string | null {
  return (
    record.problem ??
    (isAbsentId(record.traceId) ? null : idProblem(record.traceId, TRACE_ID_BYTES, 'trace_id')) ??
    (isAbsentId(record.spanId) ? null : idProblem(record.spanId, SPAN_ID_BYTES, 'span_id'))
  );
}

/** Set after the attributes: what the record says of itself wins over an attribute. */
function setLogFields(fields: Fields, record: OtlpLogRecord, tally: ItemTally): void {
  const severity = record.severityText !== '' ? cutString(record.severityText, tally) : severityName(record.severityNumber);
  if (severity !== undefined) fields.severity = severity;
  fields.severity_number = record.severityNumber;
  if (record.body !== undefined) fields.body = cutString(bodyText(record.body), tally);
  if (record.eventName !== '') fields['event.name'] = cutString(record.eventName, tally);
  if (!isAbsentId(record.traceId)) fields['trace.trace_id'] = record.traceId;
  if (!isAbsentId(record.spanId)) fields['trace.span_id'] = record.spanId;
  fields['meta.signal_type'] = 'log';
}

/** The time the event happened; failing that, when it was observed; failing that, when it arrived. */
function logTimeUs(record: OtlpLogRecord, receivedUs: number): number {
  if (record.timeUnixNano > 0n) return nanosToMicros(record.timeUnixNano);
  if (record.observedTimeUnixNano > 0n) return nanosToMicros(record.observedTimeUnixNano);
  return receivedUs;
}
