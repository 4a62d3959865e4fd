// The store as ingest routes see it: every append is charged to the sending key's
// events-per-second budget. A proxy, so methods the Store gains later pass through.
import type { DatasetBatch } from '../events/wide-event.ts';
import type { AppendResult, Store } from '../store/store.ts';
import type { KeyRateLimits } from './key-rate-limits.ts';

export function meteredStore(store: Store, limits: KeyRateLimits): Store {
  const append = (batch: DatasetBatch): Promise<AppendResult> => {
    limits.chargeEvents(batch.events.length);
    return store.append(batch);
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
