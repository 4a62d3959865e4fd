import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envVarName, parseServerConfig } from './config.ts';

describe('parseServerConfig', () => {
  it('uses defaults, then environment variables, then flags', () => {
    expect(parseServerConfig({}, {})).toMatchObject({ host: '127.0.0.1', port: 4318, dataDir: path.resolve('data') });
    expect(parseServerConfig({}, { FLASHLIGHT_PORT: '9000', FLASHLIGHT_DATA_DIR: '/tmp/fl' })).toMatchObject({
      port: 9000,
      dataDir: '/tmp/fl',
    });
    expect(parseServerConfig({ port: '9100' }, { FLASHLIGHT_PORT: '9000' }).port).toBe(9100);
  });

  it('fails fast naming the bad setting, its flag and its variable', () => {
    expect(() => parseServerConfig({}, { FLASHLIGHT_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseServerConfig({}, { FLASHLIGHT_PORT: 'eighty' })).toThrow(/--port \/ FLASHLIGHT_PORT = "eighty"/);
    expect(() => parseServerConfig({ maxBodyBytes: -1 }, {})).toThrow(/--max-body-bytes \/ FLASHLIGHT_MAX_BODY_BYTES/);
  });

  it('takes the memory limit in bytes or with a unit, 1 GiB by default', () => {
    expect(parseServerConfig({}, {}).memoryLimit).toBe(1024 ** 3);
    expect(parseServerConfig({}, { FLASHLIGHT_MEMORY_LIMIT: '768MiB' }).memoryLimit).toBe(768 * 1024 ** 2);
    expect(parseServerConfig({ memoryLimit: '2g' }, {}).memoryLimit).toBe(2 * 1024 ** 3);
    expect(parseServerConfig({ memoryLimit: '900000000' }, {}).memoryLimit).toBe(900_000_000);
    expect(() => parseServerConfig({ memoryLimit: 'lots' }, {})).toThrow(/--memory-limit \/ FLASHLIGHT_MEMORY_LIMIT = "lots": a size such as 1GiB/);
    expect(() => parseServerConfig({ memoryLimit: '512MiB' }, {})).toThrow(/at least 768MiB/);
  });

  it('derives variable names from setting names', () => {
    expect(envVarName('maxColumnsPerDataset')).toBe('FLASHLIGHT_MAX_COLUMNS_PER_DATASET');
  });
});
