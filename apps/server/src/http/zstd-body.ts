// zstd request bodies (libhoney-go compresses every batch with zstd by default), decoded in
// JavaScript (fzstd: no native addon to build at install). The decoder allocates whatever
// window a frame declares, so each frame's header is read first and a frame asking for
// too much is refused before decoding; the output is counted block by block and cut off
// at the size limit, so a bomb is never inflated in memory.
import { decompress, Decompress } from 'fzstd';
import { ZstdFrameInvalid, zstdFrames } from './zstd-frames.ts';

/** 8 MiB: the window RFC 8878 asks every decoder to support; libhoney-go uses 64 KiB. */
export const MAX_WINDOW_BYTES = 8 * 1024 * 1024;

export class ZstdBodyTooLarge extends Error {}
export class ZstdWindowTooLarge extends Error {}
export class ZstdBodyInvalid extends Error {}

/**
 * The decompressed body. Throws ZstdBodyTooLarge past `maxBytes` (declared or produced),
 * ZstdWindowTooLarge for a window over MAX_WINDOW_BYTES, ZstdBodyInvalid for what is not zstd.
 */
export function decompressZstd(raw: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const take = (chunk: Uint8Array) => {
    total += chunk.byteLength;
    if (total > maxBytes) throw new ZstdBodyTooLarge();
    chunks.push(chunk);
  };
  try {
    for (const frame of zstdFrames(raw)) {
      if (frame.contentBytes !== undefined && frame.contentBytes > maxBytes - total) throw new ZstdBodyTooLarge();
      const bytes = raw.subarray(frame.start, frame.end);
      if (frame.singleSegment) {
        // Decoded into one buffer of the declared size, which the check above bounds
        // (streaming it would copy the whole window once per block).
        take(decompress(bytes));
        continue;
      }
      if (frame.windowBytes > MAX_WINDOW_BYTES) {
        throw new ZstdWindowTooLarge(`a zstd frame asks for a ${frame.windowBytes}-byte window, over the ${MAX_WINDOW_BYTES} bytes decoded here`);
      }
      new Decompress(take).push(bytes, true);
    }
  } catch (error) {
    if (error instanceof ZstdBodyTooLarge || error instanceof ZstdWindowTooLarge) throw error;
    throw new ZstdBodyInvalid(error instanceof ZstdFrameInvalid ? error.message : `the decoder failed: ${(error as Error).message}`);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}
