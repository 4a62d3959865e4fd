// Test fixture: a `per` query computed in JS by its definition: the block as a query of
// its own over the events (every entity, none left out by a limit), each entity one row at
// its first event's time with sample rate 1, then the rest of the spec over those rows.
import type { FieldValue } from '../../events/wide-event.ts';
import type { GeneratedEvent } from './generated-events.ts';
import { matches, referenceQuery } from './reference-query.ts';

type Spec = Parameters<typeof referenceQuery>[0];
export interface PerSpec extends Spec {
  per: {
    breakdowns: string[];
    calculations?: { op: string; column?: string; name: string }[];
    filters?: NonNullable<Spec['filters']>;
    filter_combination?: 'AND' | 'OR';
  };
}

export function referencePerQuery({ per, ...outer }: PerSpec, all: GeneratedEvent[]) {
  const calculations = per.calculations ?? [];
  const filters = per.filters ?? [];
  const inRange = all.filter((e) => e.timeMs >= outer.start_time * 1000 && e.timeMs < outer.end_time * 1000);
  const kept =
    filters.length === 0
      ? inRange
      : inRange.filter((e) => (per.filter_combination === 'OR' ? filters.some((f) => matches(e, f)) : filters.every((f) => matches(e, f))));
  const keyOf = (fields: Record<string, unknown>) => JSON.stringify(per.breakdowns.map((b) => fields[b] ?? null));
  const first = new Map<string, number>();
  for (const e of kept) {
    const key = keyOf(e.fields);
    first.set(key, Math.min(first.get(key) ?? Infinity, e.timeMs));
  }
  const inner = referenceQuery(
    {
      ...outer,
      breakdowns: per.breakdowns,
      calculations: calculations.length > 0 ? calculations.map(({ op, column }) => ({ op, column })) : [{ op: 'COUNT' }],
      filters,
      filter_combination: per.filter_combination,
      orders: [],
      havings: [],
      limit: Number.POSITIVE_INFINITY,
    },
    all,
  );
  const entities: GeneratedEvent[] = inner.results.map(({ data }) => {
    const fields: Record<string, FieldValue> = {};
    for (const b of per.breakdowns) if (data[b] !== null) fields[b] = data[b] as FieldValue;
    calculations.forEach(({ op, column, name }) => {
      const value = data[column === undefined ? op : `${op}(${column})`];
      if (value !== null) fields[name] = value as FieldValue;
    });
    return { timeMs: first.get(keyOf(data))!, sampleRate: 1, fields };
  });
  return referenceQuery(outer, entities);
}
