// Every query reads the derived columns saved for its datasets: the store's target is
// given them where it is made, so queries, triggers, SLOs, the entity lens, exports and
// Honeycomb's query results all resolve a derived column wherever they name a column.
import type { QueryTarget } from '@flashlight/query';
import { passThrough } from '../store/append-steps.ts';
import type { Store } from '../store/store.ts';
import type { DerivedColumnStore } from './derived-column-store.ts';

export function withDerivedColumns(store: Store, derived: DerivedColumnStore): Store {
  const target = async (environment: string, datasets: string[] | '__all__'): Promise<QueryTarget | null> => {
    const base = await store.target(environment, datasets);
    if (!base) return base;
    const saved = await derived.list(environment, datasets === '__all__' ? undefined : datasets);
    // A sent field keeps its name: a derived column never hides one.
    const expressions = new Map(saved.filter((c) => !base.fields.has(c.alias)).map((c) => [c.alias, c.expression]));
    return expressions.size === 0 ? base : { ...base, derived: expressions };
  };
  return { ...passThrough(store), target };
}
