import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RUNAWAY,
  INVALID_ENDPOINT,
  INVALID_HEADERS,
  INVALID_PROPAGATE_TO,
  INVALID_RUNAWAY_LIMITS,
  INVALID_SAMPLE_RATE,
  MISSING_SERVICE_NAME,
  validateOptions,
  type BrowserKitOptions,
} from './validate-options.ts';

const PAGE = 'https://shop.example/products';
const good: BrowserKitOptions = { serviceName: 'shop-web', endpoint: 'https://flashlight.example:4318' };

describe('validateOptions', () => {
  it('fills defaults for good options without warnings', () => {
    const { options, warnings } = validateOptions(good, PAGE);
    expect(warnings).toEqual([]);
    expect(options).toMatchObject({
      serviceName: 'shop-web',
      tracesUrl: 'https://flashlight.example:4318/v1/traces',
      sampleRate: 1,
      headers: {},
      propagateTo: [],
      runaway: DEFAULT_RUNAWAY,
      resourceTimings: false,
    });
  });

  it('accepts a relative endpoint or one that already names /v1/traces', () => {
    expect(validateOptions({ ...good, endpoint: '/telemetry/' }, PAGE).options?.tracesUrl).toBe('https://shop.example/telemetry/v1/traces');
    expect(validateOptions({ ...good, endpoint: 'http://localhost:4318/v1/traces' }, PAGE).options?.tracesUrl).toBe('http://localhost:4318/v1/traces');
  });

  it('turns the kit off without an endpoint, warning instead of throwing', () => {
    expect(validateOptions({ serviceName: 'shop-web' }, PAGE)).toEqual({ options: null, warnings: [INVALID_ENDPOINT] });
    expect(validateOptions(undefined, PAGE)).toEqual({ options: null, warnings: [INVALID_ENDPOINT] });
    expect(validateOptions({ ...good, endpoint: 'http://[bad' }, PAGE).warnings).toEqual([INVALID_ENDPOINT]);
  });

  it('warns and uses a default for each bad option', () => {
    const { options, warnings } = validateOptions(
      {
        endpoint: good.endpoint,
        sampleRate: 0.5,
        propagateTo: ['https://api.shop.example/v1', 'not a url', /cdn/],
        headers: { 'x-honeycomb-team': 42 } as unknown as Record<string, string>,
        runaway: { maxRequests: -1, throttle: true },
      },
      PAGE,
    );
    expect(warnings).toEqual([MISSING_SERVICE_NAME, INVALID_SAMPLE_RATE, INVALID_PROPAGATE_TO + 'not a url', INVALID_HEADERS, INVALID_RUNAWAY_LIMITS]);
    expect(options).toMatchObject({
      serviceName: 'unknown_service:browser',
      sampleRate: 1,
      propagateTo: ['https://api.shop.example', /cdn/],
      headers: {},
      runaway: { ...DEFAULT_RUNAWAY, throttle: true },
    });
  });

  it('lets runaway detection be tuned or turned off', () => {
    expect(validateOptions({ ...good, runaway: { maxRequests: 3, windowMs: 1000 } }, PAGE).options?.runaway).toEqual({
      maxRequests: 3,
      windowMs: 1000,
      throttle: false,
    });
    expect(validateOptions({ ...good, runaway: false }, PAGE).options?.runaway).toBe(false);
  });
});
