// Long tasks (main-thread work over 50 ms that freezes the page) as `longtask` spans.
import { epochMsFromPerformance as at } from './clock.ts';
import { observeEntries } from './performance-observer.ts';
import type { Tracer } from './tracer.ts';

interface LongTaskEntry extends PerformanceEntry {
  attribution?: { containerType?: string; containerSrc?: string }[];
}

export function observeLongTasks(tracer: Tracer): () => void {
  const observer = observeEntries<LongTaskEntry>('longtask', (entry) => {
    const attribution = entry.attribution?.[0];
    tracer
      .startSpan('longtask', {
        parent: null,
        startMs: at(entry.startTime),
        attributes: {
          'longtask.duration_ms': entry.duration,
          'longtask.name': entry.name,
          ...(attribution?.containerType && { 'longtask.container_type': attribution.containerType }),
          ...(attribution?.containerSrc && { 'longtask.container_src': attribution.containerSrc }),
        },
      })
      .end(at(entry.startTime + entry.duration));
  });
  return observer.stop;
}
