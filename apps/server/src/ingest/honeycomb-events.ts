// Honeycomb's events API payloads (`/1/events`, `/1/batch`) into wide events, so
// libhoney-style clients work unchanged. Each batch item is judged alone: a bad item
// gets its own error status and never sinks the others.
import { MAX_FIELD_NAME_LENGTH, exactInteger, setField, type FieldValue, type WideEvent } from '../events/wide-event.ts';
import { fieldsJson } from '../events/fields-json.ts';
import { parseEventTimeUs } from './event-time.ts';
import { EventTimeWindow } from './event-time-window.ts';

/** `warning`: what was dropped from an event that was kept. */
export type EventParse = { ok: true; event: WideEvent; warning?: string } | { ok: false; error: string };

interface EventDefaults {
  nowUs: number;
  /** The times an event may carry; one outside it is refused. The default window when not given. */
  window?: EventTimeWindow;
  time?: unknown;
  sampleRate?: unknown;
}

/** One event's `data` object, with its time and sample rate from the item or headers. */
export function parseHoneycombEvent(data: unknown, given: EventDefaults): EventParse {
  // Both may arrive as bigints: msgpack sends the sample rate as a uint64, and exact JSON
  // reads a Unix time of 16 or more digits as one.
  const defaults = { ...given, time: plainNumber(given.time), sampleRate: plainNumber(given.sampleRate) };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, error: 'event data must be a JSON object of fields' };
  }
  let timeUs = defaults.nowUs;
  if (defaults.time !== undefined && defaults.time !== null && defaults.time !== '') {
    const parsed = parseEventTimeUs(defaults.time);
    if (parsed === null) return { ok: false, error: `time ${JSON.stringify(defaults.time)} is not RFC 3339 or Unix seconds` };
    timeUs = parsed;
    const outside = (defaults.window ?? new EventTimeWindow(defaults.nowUs / 1000)).problem(timeUs);
    if (outside !== null) return { ok: false, error: outside };
  }
  let sampleRate = 1;
  if (defaults.sampleRate !== undefined && defaults.sampleRate !== null && defaults.sampleRate !== '') {
    sampleRate = Number(defaults.sampleRate);
    if (!Number.isFinite(sampleRate) || sampleRate < 1) {
      return { ok: false, error: `samplerate ${JSON.stringify(defaults.sampleRate)} must be a number >= 1` };
    }
  }
  let converted: { fields: Record<string, FieldValue>; longNames: number };
  try {
    converted = toFields(data as Record<string, unknown>);
  } catch (error) {
    // JSON.stringify runs out of stack on values nested thousands deep: the sender's fault.
    if (error instanceof RangeError) return { ok: false, error: 'event data is nested too deeply to store' };
    throw error;
  }
  const event = { timeUs, sampleRate, fields: converted.fields };
  if (converted.longNames === 0) return { ok: true, event };
  return { ok: true, event, warning: `${converted.longNames} field(s) with names over ${MAX_FIELD_NAME_LENGTH} characters were dropped` };
}

/**
 * Null means absent; nested objects and arrays are kept whole, as JSON text, their
 * numbers exactly as sent. msgpack binary values become base64, as Go's JSON writes bytes.
 * Overlong names are dropped and counted.
 */
function toFields(data: Record<string, unknown>): { fields: Record<string, FieldValue>; longNames: number } {
  const fields: Record<string, FieldValue> = {};
  let longNames = 0;
  for (const [key, value] of Object.entries(data)) {
    if (key.length > MAX_FIELD_NAME_LENGTH) {
      if (value !== null && value !== undefined) longNames++;
      continue;
    }
    const field = toFieldValue(value);
    if (field !== undefined) setField(fields, key, field);
  }
  return { fields, longNames };
}

function toFieldValue(value: unknown): FieldValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return exactInteger(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return fieldsJson(value);
}

function plainNumber(value: unknown): unknown {
  return typeof value === 'bigint' ? String(value) : value;
}
