// Subscribes to one Performance Timeline entry type, buffered entries included, and does
// nothing where the browser does not support the type.

export interface EntryObserver {
  /** Delivers entries the browser has recorded but not yet handed over (before reporting). */
  drain(): void;
  stop(): void;
}

export function observeEntries<T extends PerformanceEntry>(
  type: string,
  onEntry: (entry: T) => void,
  options: { durationThreshold?: number } = {},
): EntryObserver {
  if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes(type)) {
    return { drain() {}, stop() {} };
  }
  const deliver = (entries: PerformanceEntryList) => entries.forEach((entry) => onEntry(entry as T));
  const observer = new PerformanceObserver((list) => deliver(list.getEntries()));
  observer.observe({ type, buffered: true, ...options } as PerformanceObserverInit);
  return { drain: () => deliver(observer.takeRecords()), stop: () => observer.disconnect() };
}
