// W3C baggage propagation that also carries inherited fields, typed, to the destinations
// the user allows, and turns them back into inherited fields on the receiving side.
import {
  baggageEntryMetadataFromString,
  propagation,
  trace,
  type Attributes,
  type Baggage,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { inheritedFields, withInheritedFields, type FieldValue } from './fields.ts';
import type { Destination, PropagationTargets } from './propagation-targets.ts';

// Baggage entry property marking a field and its type: `user.id=42;flashlight=n`.
const MARK = 'flashlight=';
const TYPE_CODE = { string: 's', number: 'n', boolean: 'b' } as const;
/**
 * Incoming baggage is whatever the caller sent: at most this many fields are taken from
 * one request, so a hostile caller cannot widen every span (and the dataset) at will.
 */
export const MAX_RECEIVED_FIELDS = 32;

function encodeEntry(value: FieldValue) {
  const code = TYPE_CODE[typeof value as keyof typeof TYPE_CODE];
  return { value: String(value), metadata: baggageEntryMetadataFromString(MARK + code) };
}

function decodeEntry(value: string, metadata: string): FieldValue | undefined {
  switch (metadata) {
    case MARK + 's':
      return value;
    case MARK + 'n': {
      const n = Number(value);
      return Number.isFinite(n) ? n : undefined;
    }
    case MARK + 'b':
      return value === 'true';
    default:
      return undefined;
  }
}

/** The destination of the client or producer span the instrumentation is injecting for. */
function destinationOf(ctx: Context): Destination {
  // SDK spans expose the attributes they were started with; other spans tell us nothing.
  const attributes = (trace.getSpan(ctx) as { attributes?: Attributes } | undefined)?.attributes;
  if (!attributes) return {};
  const host = attributes['server.address'];
  const port = attributes['server.port'];
  const topic = attributes['messaging.destination.name'];
  return {
    host: typeof host === 'string' ? host : undefined,
    port: typeof port === 'number' ? port : undefined,
    topic: typeof topic === 'string' ? topic : undefined,
  };
}

export class FieldPropagator implements TextMapPropagator {
  private readonly baggage = new W3CBaggagePropagator();

  constructor(private readonly allowed: PropagationTargets) {}

  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const fields = inheritedFields(ctx);
    if (fields && this.allowed(destinationOf(ctx))) {
      let bag: Baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage();
      for (const key in fields) bag = bag.setEntry(key, encodeEntry(fields[key]));
      ctx = propagation.setBaggage(ctx, bag);
    }
    this.baggage.inject(ctx, carrier, setter);
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const extracted = this.baggage.extract(ctx, carrier, getter);
    const bag = propagation.getBaggage(extracted);
    if (!bag) return extracted;
    const fields: Record<string, FieldValue> = {};
    let rest = bag;
    let found = false;
    let taken = 0;
    for (const [key, entry] of bag.getAllEntries()) {
      const metadata = entry.metadata?.toString();
      if (metadata === undefined || !metadata.startsWith(MARK)) continue;
      // Marked entries leave the baggage: they travel on only where our inject allows.
      rest = rest.removeEntry(key);
      const value = decodeEntry(entry.value, metadata);
      if (value !== undefined && taken < MAX_RECEIVED_FIELDS) {
        fields[key] = value;
        taken++;
      }
      found = true;
    }
    if (!found) return extracted;
    const withRest = rest.getAllEntries().length > 0 ? propagation.setBaggage(extracted, rest) : propagation.deleteBaggage(extracted);
    return withInheritedFields(withRest, fields);
  }

  fields(): string[] {
    return this.baggage.fields();
  }
}
