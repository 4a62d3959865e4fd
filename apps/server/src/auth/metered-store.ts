// The store as ingest routes see it: every append is charged to the sending key's
// events-per-second budget, and names the key, which the store charges for new columns. A proxy, so methods the Store gains later pass through.
import type { DatasetBatch } from '../events/wide-event.ts';
import type { AppendResult, Store } from '../store/store.ts';
import type { KeyRateLimits } from './key-rate-limits.ts';

export function meteredStore(store: Store, limits: KeyRateLimits): Store {
  const append = (batch: DatasetBatch): Promise<AppendResult> => {
    limits.chargeEvents(batch.events.length);
    const sender = limits.currentKey();
    return store.append(sender === undefined ? batch : { ...batch, sender });
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
