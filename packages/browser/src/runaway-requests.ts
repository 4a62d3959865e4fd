// Runaway-request detection on the page's fetch and XHR calls: each episode is reported
// once, with the code path that issued the request, and the excess is refused when
// throttling is on.
import { nowMs } from './clock.ts';
import { normalizeRoute } from './request-route.ts';
import { createRunawayDetector } from './runaway-detector.ts';
import type { Tracer } from './tracer.ts';
import type { RunawayOptions } from './validate-options.ts';

/** What a throttled fetch rejects with (and a throttled XHR reports as its error). */
export class RunawayRequestError extends Error {
  constructor(method: string, route: string, count: number, windowMs: number) {
    super(`@flashlight/browser throttled ${method} ${route}: ${count} requests within ${windowMs} ms is over runaway.maxRequests`);
    this.name = 'RunawayRequestError';
  }
}

export interface RunawayGuard {
  /** Called by the fetch/XHR wrappers as a request starts: the error to fail it with, if throttled. */
  check(method: string, url: URL): RunawayRequestError | undefined;
  /** Reports the episodes that are over (all of them when the page is hidden). */
  endEpisodes(all: boolean): void;
}

const STACK_FRAMES = 8;

export function createRunawayGuard(tracer: Tracer, limits: Required<RunawayOptions>): RunawayGuard {
  const detector = createRunawayDetector(limits);
  const episodeRoutes = new Map<string, { 'runaway.method': string; 'runaway.route': string; 'server.address': string }>();

  return {
    check(method, url) {
      const route = normalizeRoute(url);
      const key = `${method} ${url.origin}${route}`;
      const now = nowMs();
      const verdict = detector.record(key, now);
      if (verdict.episodeStarted) {
        // V8 heads the stack with the message line, Firefox and Safari do not; then come this
        // function and the fetch/XHR wrapper, and after them the page's code.
        const lines = (new Error().stack ?? '').split('\n');
        if (/^Error\b/.test(lines[0])) lines.shift();
        const stack = lines.slice(2, 2 + STACK_FRAMES).map((line) => line.trim());
        const routeFields = { 'runaway.method': method, 'runaway.route': route, 'server.address': url.hostname };
        episodeRoutes.set(key, routeFields);
        const span = tracer.startSpan('browser.runaway_request', {
          startMs: verdict.sinceMs,
          attributes: {
            ...routeFields,
            'runaway.count': verdict.count,
            'runaway.rate_per_s': verdict.ratePerS,
            'runaway.window_ms': limits.windowMs,
            'runaway.max_requests': limits.maxRequests,
            'runaway.throttle': limits.throttle,
            'code.stacktrace': stack.join('\n'),
          },
        });
        span.setError(`${verdict.count} ${method} ${route} requests within ${limits.windowMs} ms`);
        span.end(now);
      }
      return verdict.throttled ? new RunawayRequestError(method, route, verdict.count, limits.windowMs) : undefined;
    },

    endEpisodes(all) {
      for (const episode of detector.endEpisodes(nowMs(), all)) {
        const durationS = Math.max(episode.endMs - episode.startMs, limits.windowMs) / 1000;
        tracer
          .startSpan('browser.runaway_request_ended', {
            parent: null,
            startMs: episode.startMs,
            attributes: {
              ...episodeRoutes.get(episode.key),
              'runaway.count': episode.count,
              'runaway.throttled_count': episode.throttled,
              'runaway.rate_per_s': episode.count / durationS,
            },
          })
          .end(episode.endMs);
        episodeRoutes.delete(episode.key);
      }
    },
  };
}
