import { describe, expect, it } from 'vitest';
import { createRunawayGuard, RunawayRequestError } from './runaway-requests.ts';
import { createTracer, type FinishedSpan } from './tracer.ts';

function guarded(throttle: boolean) {
  const finished: FinishedSpan[] = [];
  const tracer = createTracer({ sampleRate: 1, fields: () => ({}), onEnd: (span) => finished.push(span) });
  const guard = createRunawayGuard(tracer, { maxRequests: 10, windowMs: 5000, throttle });
  // Stands in for the fetch wrapper, which calls the guard directly, as the stack depth expects.
  const fetchWrapper = (url: string) => guard.check('GET', new URL(url));
  return { guard, finished, fetchWrapper };
}

function loadNextPage(fetchWrapper: (url: string) => RunawayRequestError | undefined, page: number) {
  return fetchWrapper(`https://api.shop.example/api/products?page=${page}`);
}

describe('createRunawayGuard', () => {
  it('reports an episode once, with the route, the rate and the code that issued it', () => {
    const { finished, fetchWrapper } = guarded(false);
    const refusals = Array.from({ length: 30 }, (_, page) => loadNextPage(fetchWrapper, page));
    expect(refusals.every((refusal) => refusal === undefined)).toBe(true);
    expect(finished).toHaveLength(1);
    const [report] = finished;
    expect(report.name).toBe('browser.runaway_request');
    expect(report.attributes).toMatchObject({
      'runaway.method': 'GET',
      'runaway.route': '/api/products?page=*',
      'server.address': 'api.shop.example',
      'runaway.count': 11,
      'runaway.rate_per_s': 2.2,
      'runaway.throttle': false,
    });
    const stack = String(report.attributes['code.stacktrace']);
    expect(stack.split('\n')[0]).toMatch(/^at loadNextPage /);
    // Frame names only: the checkout's own path may contain any word.
    expect(stack).not.toMatch(/^at (fetchWrapper|Object\.check|check) /m);
    expect(report.errorMessage).toBe('11 GET /api/products?page=* requests within 5000 ms');
  });

  it('refuses the excess when throttling, and sums the episode up when it ends', () => {
    const { guard, finished, fetchWrapper } = guarded(true);
    const refusals = Array.from({ length: 25 }, (_, page) => loadNextPage(fetchWrapper, page));
    expect(refusals.filter(Boolean)).toHaveLength(15);
    expect(refusals[10]).toBeInstanceOf(RunawayRequestError);
    expect(refusals[10]?.message).toBe('@flashlight/browser throttled GET /api/products?page=*: 11 requests within 5000 ms is over runaway.maxRequests');
    guard.endEpisodes(true);
    const summary = finished.find((span) => span.name === 'browser.runaway_request_ended');
    expect(summary?.attributes).toMatchObject({ 'runaway.route': '/api/products?page=*', 'runaway.count': 25, 'runaway.throttled_count': 15 });
    guard.endEpisodes(true);
    expect(finished.filter((span) => span.name === 'browser.runaway_request_ended')).toHaveLength(1);
  });
});
