import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT, DEFAULT_SERVICE_NAME, resolveInitOptions } from './init-options.ts';
import { INVALID_ENDPOINT, INVALID_HEADERS, INVALID_SAMPLE_RATE, MISSING_SERVICE_NAME, UNKNOWN_OPTION } from './messages.ts';
import { setWarningHandler } from './warn-once.ts';

let warnings: string[];
beforeEach(() => {
  warnings = [];
  setWarningHandler((message) => warnings.push(message));
});
afterEach(() => setWarningHandler(undefined));

describe('resolveInitOptions', () => {
  it('takes settings from the environment', () => {
    const resolved = resolveInitOptions(
      {},
      {
        OTEL_SERVICE_NAME: 'checkout',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://flashlight.corp.example/',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D%3D, x-team=growth',
        FLASHLIGHT_SERVICE_VERSION: '1.4.2',
        FLASHLIGHT_ENVIRONMENT: 'staging',
        FLASHLIGHT_PROPAGATE_FIELDS_TO: 'api.internal, emails',
        FLASHLIGHT_SAMPLE_RATE: '20',
      },
    );
    expect(resolved).toEqual({
      serviceName: 'checkout',
      serviceVersion: '1.4.2',
      environment: 'staging',
      endpoint: 'https://flashlight.corp.example',
      headers: { 'x-api-key': 'abc==', 'x-team': 'growth' },
      propagateFieldsTo: ['api.internal', 'emails'],
      sampleRate: 20,
      resourceAttributes: {},
    });
    expect(warnings).toEqual([]);
  });

  it('lets explicit options win over the environment', () => {
    const resolved = resolveInitOptions(
      { serviceName: 'api', endpoint: 'http://127.0.0.1:9999', headers: { 'x-team': 'core' }, propagateFieldsTo: [] },
      { OTEL_SERVICE_NAME: 'env-name', OTEL_EXPORTER_OTLP_HEADERS: 'x-team=env', FLASHLIGHT_PROPAGATE_FIELDS_TO: 'emails' },
    );
    expect(resolved).toMatchObject({
      serviceName: 'api',
      endpoint: 'http://127.0.0.1:9999',
      headers: { 'x-team': 'core' },
      propagateFieldsTo: [],
    });
  });

  it('warns and carries on with defaults when settings are missing or bad', () => {
    const resolved = resolveInitOptions(
      { endpoint: 'localhost:4318', headers: { 'x-ok': 'yes', 'x-bad': 42 as unknown as string }, sampleRate: 0.5, servicName: 'typo' } as never,
      {},
    );
    expect(resolved).toMatchObject({ serviceName: DEFAULT_SERVICE_NAME, endpoint: DEFAULT_ENDPOINT, headers: { 'x-ok': 'yes' }, sampleRate: 1 });
    expect(warnings.sort()).toEqual([INVALID_ENDPOINT, INVALID_HEADERS, INVALID_SAMPLE_RATE, MISSING_SERVICE_NAME, UNKNOWN_OPTION].sort());
  });
});
