// The page load as a `document_load` span from Navigation Timing, with a child span per
// phase and, optionally, one per resource the page loaded. A `<meta name="traceparent">`
// from the server that rendered the page makes the load part of that server's trace.
import { epochMsFromPerformance as at } from './clock.ts';
import { parseTraceparent } from './trace-context.ts';
import type { SpanContext, Tracer } from './tracer.ts';

/** Requests the fetch/XHR wrappers already trace, and the kit's own beacons. */
const TRACED_ELSEWHERE = ['fetch', 'xmlhttprequest', 'beacon'];

function serverParent(): SpanContext | null {
  const meta = document.querySelector('meta[name="traceparent"]');
  return meta ? parseTraceparent(meta.getAttribute('content') ?? '') : null;
}

function record(tracer: Tracer, resourceTimings: boolean): void {
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  if (!navigation) return;
  // Chrome 109+ only
  const status = (navigation as { responseStatus?: number }).responseStatus;
  const load = tracer.startSpan('document_load', {
    parent: serverParent(),
    startMs: at(navigation.startTime),
    attributes: {
      'url.full': navigation.name,
      'document_load.type': navigation.type,
      'document_load.transfer_size': navigation.transferSize,
      ...(status && { 'http.response.status_code': status }),
    },
  });
  const child = (name: string, start: number, end: number, attributes = {}) => {
    if (end > 0 && end >= start) tracer.startSpan(name, { parent: load.context, startMs: at(start), attributes }).end(at(end));
  };
  child('dns', navigation.domainLookupStart, navigation.domainLookupEnd);
  child('tcp', navigation.connectStart, navigation.connectEnd);
  child('request', navigation.requestStart, navigation.responseStart);
  child('response', navigation.responseStart, navigation.responseEnd);
  child('dom', navigation.responseEnd, navigation.domComplete);
  child('load_event', navigation.loadEventStart, navigation.loadEventEnd);
  if (resourceTimings) {
    for (const resource of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      if (resource.startTime > navigation.loadEventEnd || TRACED_ELSEWHERE.includes(resource.initiatorType)) continue;
      child('resource_fetch', resource.startTime, resource.responseEnd, {
        'url.full': resource.name,
        'resource.initiator_type': resource.initiatorType,
        'resource.transfer_size': resource.transferSize,
      });
    }
  }
  load.end(at(navigation.loadEventEnd || navigation.duration));
}

/** Records the load once the load event has finished (its end time is known then). */
export function recordDocumentLoad(tracer: Tracer, resourceTimings: boolean): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const afterLoad = () => (timer = setTimeout(() => record(tracer, resourceTimings)));
  if (document.readyState === 'complete') afterLoad();
  else addEventListener('load', afterLoad, { once: true });
  return () => {
    clearTimeout(timer);
    removeEventListener('load', afterLoad);
  };
}
