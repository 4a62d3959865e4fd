import { describe, expect, it } from 'vitest';
import { engineSettings } from './engine-settings.ts';

describe('DuckDB settings from the memory limit', () => {
  it.each([
    // limit, cores: memory_limit (40%), threads (128 MiB each, at most the cores)
    [768 * 1024 ** 2, 8, '307MiB', '2'],
    [1024 ** 3, 2, '409MiB', '2'],
    [1024 ** 3, 8, '409MiB', '3'],
    [8 * 1024 ** 3, 4, '3276MiB', '4'],
  ])('a limit of %d bytes on %d cores gives DuckDB %s and %s threads', (limit, cores, memory, threads) => {
    expect(engineSettings('/data', limit, cores)).toEqual({
      default_block_size: '16384',
      memory_limit: memory,
      threads,
      temp_directory: '/data/flashlight.tmp',
    });
  });

  it('leaves memory and threads to DuckDB without a limit, and still makes small blocks', () => {
    expect(engineSettings('/data', undefined)).toEqual({ default_block_size: '16384' });
  });
});
