import { describe, expect, it } from 'vitest';
import { skippableFrame, zstdFrame } from '../testing/zstd-frame-builder.ts';
import { zstdCompress } from '../testing/zstd-compress.ts';
import { zstdFrames } from './zstd-frames.ts';

const raw = (text: string) => ({ type: 'raw' as const, bytes: Buffer.from(text) });

describe('zstdFrames', () => {
  it('finds each frame of a compressor, with its window and declared size, and passes over skippable frames', async () => {
    const small = await zstdCompress(Buffer.from('{"data":{"a":1}}'.repeat(100)), 2);
    const large = await zstdCompress(Buffer.from('{"data":{"a":1}}'.repeat(100_000)), 2);
    const body = Buffer.concat([small, skippableFrame(10), large]);
    expect([...zstdFrames(body)]).toEqual([
      { start: 0, end: small.length, singleSegment: true, windowBytes: 1600, contentBytes: 1600 },
      { start: small.length + 18, end: body.length, singleSegment: false, windowBytes: 1 << 20, contentBytes: 1_600_000 },
    ]);
  });

  it('reads every window descriptor and content-size width', () => {
    // Exponent 21, mantissa 7: 2 GiB + 7/8 of it; a 2-byte size counts from 256.
    const frame = zstdFrame({ windowDescriptor: (21 << 3) | 7, contentSize: { value: 300n, bytes: 2 }, blocks: [raw('x')] });
    expect([...zstdFrames(frame)][0]).toMatchObject({ windowBytes: 2 ** 31 + 7 * 2 ** 28, contentBytes: 300 });
    const huge = zstdFrame({ contentSize: { value: 2n ** 40n, bytes: 8 }, blocks: [raw('x')] });
    expect([...zstdFrames(huge)][0]).toMatchObject({ singleSegment: true, windowBytes: 2 ** 40, contentBytes: 2 ** 40 });
    const unsized = zstdFrame({ windowDescriptor: 0, checksum: true, blocks: [raw('a'), { type: 'rle', byte: 1, size: 1024 }] });
    expect([...zstdFrames(unsized)]).toEqual([{ start: 0, end: unsized.length, singleSegment: false, windowBytes: 1024, contentBytes: undefined }]);
  });

  it.each([
    ['what is not zstd', Buffer.from('not zstd at all'), /no zstd frame at byte 0/],
    ['a frame followed by garbage', Buffer.concat([zstdFrame({ windowDescriptor: 0, blocks: [raw('a')] }), Buffer.from('junk')]), /no zstd frame at byte 10/],
    ['a header cut short', zstdFrame({ windowDescriptor: 0, blocks: [raw('a')] }).subarray(0, 5), /frame header at byte 5 is cut short/],
    ['a block cut short', zstdFrame({ windowDescriptor: 0, blocks: [raw('abcdef')] }).subarray(0, 12), /frame at byte 0 is cut short/],
    ['a missing checksum', zstdFrame({ windowDescriptor: 0, checksum: true, blocks: [raw('a')] }).subarray(0, 11), /cut short/],
    ['a skippable frame cut short', skippableFrame(10).subarray(0, 12), /skippable frame at byte 0 is cut short/],
    ['the reserved header bit', zstdFrame({ windowDescriptor: 0, reservedBit: true, blocks: [raw('a')] }), /reserved bit/],
    ['the reserved block type', zstdFrame({ windowDescriptor: 0, blocks: [{ type: 'reserved', size: 0 }] }), /reserved block type/],
    ['a block over the window', zstdFrame({ windowDescriptor: 0, blocks: [{ type: 'rle', byte: 0, size: 2048 }] }), /2048 bytes, over the 1024/],
    ['a block over 128 KiB', zstdFrame({ windowDescriptor: 10 << 3, blocks: [{ type: 'rle', byte: 0, size: 200_000 }] }), /over the 131072/],
    ['a dictionary', zstdFrame({ windowDescriptor: 0, dictionaryId: 7, blocks: [raw('a')] }), /needs a dictionary/],
  ])('refuses %s', (_what, body, message) => {
    expect(() => [...zstdFrames(body)]).toThrow(message);
  });
});
