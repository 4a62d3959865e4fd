// The store as ingest sees it, timing every commit and counting what waits for one.
// A proxy, so methods the Store gains later pass through.
import type { DatasetBatch } from '../events/wide-event.ts';
import type { AppendResult, Store } from '../store/store.ts';
import type { ServerMetrics } from './server-metrics.ts';

export function observedStore(store: Store, metrics: ServerMetrics): Store {
  const append = async (batch: DatasetBatch): Promise<AppendResult> => {
    const started = performance.now();
    const count = batch.events.length;
    metrics.pendingEvents += count;
    try {
      const result = await store.append(batch);
      metrics.commitSeconds.observe((performance.now() - started) / 1000);
      metrics.ingestEvents.inc({}, result.stored);
      return result;
    } finally {
      metrics.pendingEvents -= count;
    }
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
