// zstd compression for tests, by the reference C library compiled to WebAssembly: the
// frames real clients send (single-segment, with the content size, as ZSTD_compress
// writes them). The server itself only decodes.
import { compress, init } from '@bokuweb/zstd-wasm';

const ready = init();

export async function zstdCompress(input: Uint8Array, level = 3): Promise<Uint8Array> {
  await ready;
  return compress(input, level);
}
