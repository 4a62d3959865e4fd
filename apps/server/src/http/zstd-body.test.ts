import { describe, expect, it } from 'vitest';
import { compress } from 'zstd-napi';
import { decompressZstd, ZstdBodyTooLarge } from './zstd-body.ts';

describe('decompressZstd', () => {
  const text = Buffer.from('{"data":{"a":1}}'.repeat(10_000));

  it('gives back what was compressed, across several frames', async () => {
    const twoFrames = Buffer.concat([compress(text), compress(Buffer.from('tail'))]);
    expect(Buffer.from(await decompressZstd(twoFrames, 1 << 20)).toString()).toBe(text.toString() + 'tail');
  });

  it('stops at the size limit instead of inflating a bomb', async () => {
    await expect(decompressZstd(compress(Buffer.alloc(4 << 20)), 1 << 20)).rejects.toBeInstanceOf(ZstdBodyTooLarge);
  });

  it('refuses what is not zstd, and a frame cut short', async () => {
    await expect(decompressZstd(Buffer.from('not zstd'), 1 << 20)).rejects.toThrow();
    const whole = compress(text);
    await expect(decompressZstd(whole.subarray(0, whole.length - 10), 1 << 20)).rejects.toThrow();
  });
});
