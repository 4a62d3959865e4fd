// zstd request bodies (libhoney-go compresses every batch with zstd by default). Decoded
// as a stream so the output can be cut off at the size limit, with a bounded window so
// a frame that declares a huge window is refused instead of allocated.
import { Readable } from 'node:stream';
import { DecompressStream } from 'zstd-napi';

/** 8 MiB: what zstd itself uses up to level 19; libhoney-go uses 64 KiB. */
const WINDOW_LOG_MAX = 23;

export class ZstdBodyTooLarge extends Error {}

/** The decompressed body; throws ZstdBodyTooLarge past `maxBytes`, or the decoder's error. */
export async function decompressZstd(raw: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const decoder = new DecompressStream({ windowLogMax: WINDOW_LOG_MAX });
  const output = Readable.from([raw], { objectMode: false }).pipe(decoder);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of output as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new ZstdBodyTooLarge();
      chunks.push(chunk);
    }
  } finally {
    decoder.destroy();
  }
  return Buffer.concat(chunks, total);
}
