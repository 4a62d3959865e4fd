import { describe, expect, it } from 'vitest';
import { zstdCompress } from '../testing/zstd-compress.ts';
import { skippableFrame, withoutContentSize, zstdFrame } from '../testing/zstd-frame-builder.ts';
import { decompressZstd, MAX_WINDOW_BYTES, ZstdBodyInvalid, ZstdBodyTooLarge, ZstdWindowTooLarge } from './zstd-body.ts';

const MiB = 1 << 20;

describe('decompressZstd', () => {
  const text = Buffer.from('{"data":{"a":1}}'.repeat(100_000));

  it('gives back what was compressed, across several frames and skippable frames', async () => {
    const body = Buffer.concat([await zstdCompress(text, 2), skippableFrame(3), await zstdCompress(Buffer.from('tail'))]);
    expect(Buffer.from(decompressZstd(body, 2 * MiB)).toString()).toBe(text.toString() + 'tail');
  });

  it('decodes a frame with no declared size, as streaming compressors write them', async () => {
    const streamed = withoutContentSize(await zstdCompress(text, 2));
    expect(Buffer.from(decompressZstd(streamed, 2 * MiB)).equals(text)).toBe(true);
  });

  it('refuses a frame declaring more than the limit before decoding it', async () => {
    const bomb = await zstdCompress(Buffer.alloc(16 * MiB), 3);
    expect(() => decompressZstd(bomb, MiB)).toThrow(ZstdBodyTooLarge);
    // Single-segment: the decoder would allocate the declared size at once.
    const declared = zstdFrame({ contentSize: { value: 2n ** 40n, bytes: 8 }, blocks: [{ type: 'raw', bytes: Buffer.from('x') }] });
    expect(() => decompressZstd(declared, MiB)).toThrow(ZstdBodyTooLarge);
    // Within the limit each, over it together.
    const half = await zstdCompress(Buffer.alloc(0.75 * MiB), 3);
    expect(() => decompressZstd(Buffer.concat([half, half]), MiB)).toThrow(ZstdBodyTooLarge);
  });

  it('stops a bomb that declares no size at the limit, block by block', () => {
    // 16,384 RLE blocks of 128 KiB: 2 GiB from 64 KiB, never inflated whole.
    const blocks = Array.from({ length: 16_384 }, () => ({ type: 'rle' as const, byte: 0x7b, size: 128 * 1024 }));
    const bomb = zstdFrame({ windowDescriptor: 7 << 3, blocks });
    expect(() => decompressZstd(bomb, MiB)).toThrow(ZstdBodyTooLarge);
  });

  it('refuses a window over 8 MiB before the decoder allocates it, and takes one of 8 MiB', () => {
    const frame = (windowDescriptor: number) => zstdFrame({ windowDescriptor, blocks: [{ type: 'raw', bytes: Buffer.from('ok') }] });
    expect(() => decompressZstd(frame(21 << 3), MiB)).toThrow(ZstdWindowTooLarge); // 2 GiB
    expect(() => decompressZstd(frame((13 << 3) | 1), MiB)).toThrow(/9437184-byte window/); // 9 MiB
    expect(2 ** (10 + 13)).toBe(MAX_WINDOW_BYTES);
    expect(Buffer.from(decompressZstd(frame(13 << 3), MiB)).toString()).toBe('ok');
  });

  it('refuses what is not zstd, a frame cut short, and blocks the decoder cannot read', async () => {
    expect(() => decompressZstd(Buffer.from('not zstd'), MiB)).toThrow(ZstdBodyInvalid);
    const whole = await zstdCompress(text);
    expect(() => decompressZstd(whole.subarray(0, whole.length - 10), MiB * 2)).toThrow(/cut short/);
    // A compressed block of garbage: the frame is well formed, its content is not.
    const garbage = Buffer.from(zstdFrame({ windowDescriptor: 0, blocks: [{ type: 'raw', bytes: Buffer.alloc(40, 0xff) }] }));
    garbage[6] |= 0x04; // the block's type: raw becomes compressed
    expect(() => decompressZstd(garbage, MiB)).toThrow(ZstdBodyInvalid);
  });
});
