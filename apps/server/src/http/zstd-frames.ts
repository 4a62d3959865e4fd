// The frames of a zstd body, read from their headers alone (RFC 8878, section 3.1): where
// each frame starts and ends, the window it asks for and the size it declares, so that a
// decoder can be refused a frame before it allocates what the frame asks for. Skippable
// frames are passed over; every block header is checked, so a frame cut short or with a
// block larger than the format allows is refused here too.

const FRAME_MAGIC = 0xfd2fb528;
/** Skippable frames: 0x184D2A50 to 0x184D2A5F. */
const SKIPPABLE_MAGIC = 0x184d2a50;
/** Block_Maximum_Size: no block regenerates more, and none is larger compressed. */
const MAX_BLOCK_BYTES = 128 * 1024;

export class ZstdFrameInvalid extends Error {}

export interface ZstdFrame {
  /** Byte offsets of the whole frame in the body, header to checksum. */
  start: number;
  end: number;
  /** Single-segment: the content size is the window, and the decoder allocates it at once. */
  singleSegment: boolean;
  /** The memory the decoder keeps for back-references. */
  windowBytes: number;
  /** The decompressed size the frame declares, when it does. */
  contentBytes?: number;
}

/** Every data frame of `body`, in order; throws ZstdFrameInvalid where the body is not zstd. */
export function* zstdFrames(body: Uint8Array): Generator<ZstdFrame> {
  let at = 0;
  while (at < body.length) {
    need(body, at, 4, 'a frame');
    const magic = u32(body, at);
    if ((magic & 0xfffffff0) === SKIPPABLE_MAGIC) {
      need(body, at, 8, 'a skippable frame header');
      const end = at + 8 + u32(body, at + 4);
      if (end > body.length) throw new ZstdFrameInvalid(`skippable frame at byte ${at} is cut short`);
      at = end;
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new ZstdFrameInvalid(`no zstd frame at byte ${at} (magic number 0x${magic.toString(16)})`);
    const frame = readFrame(body, at);
    yield frame;
    at = frame.end;
  }
}

function readFrame(body: Uint8Array, start: number): ZstdFrame {
  let at = start + 4;
  need(body, at, 1, 'a frame header');
  const descriptor = body[at++];
  if (descriptor & 0x08) throw new ZstdFrameInvalid(`frame at byte ${start} sets the reserved bit of its header`);
  const singleSegment = (descriptor & 0x20) !== 0;
  const checksum = (descriptor & 0x04) !== 0;
  const dictionaryIdBytes = [0, 1, 2, 4][descriptor & 0x03];
  const sizeFlag = descriptor >> 6;
  const contentSizeBytes = sizeFlag === 0 ? (singleSegment ? 1 : 0) : 1 << sizeFlag;
  need(body, at, (singleSegment ? 0 : 1) + dictionaryIdBytes + contentSizeBytes, 'a frame header');

  let windowBytes = 0;
  if (!singleSegment) {
    const exponent = body[at] >> 3;
    const base = 2 ** (10 + exponent);
    windowBytes = base + (base / 8) * (body[at++] & 0x07);
  }
  if (dictionaryIdBytes > 0 && readLittleEndian(body, at, dictionaryIdBytes) !== 0) {
    throw new ZstdFrameInvalid(`frame at byte ${start} needs a dictionary, and none is known here`);
  }
  at += dictionaryIdBytes;
  let contentBytes: number | undefined;
  if (contentSizeBytes > 0) contentBytes = readLittleEndian(body, at, contentSizeBytes) + (contentSizeBytes === 2 ? 256 : 0);
  at += contentSizeBytes;
  if (singleSegment) windowBytes = contentBytes!;

  const maxBlock = Math.min(windowBytes, MAX_BLOCK_BYTES);
  for (let last = false; !last;) {
    need(body, at, 3, 'a block header');
    const header = body[at] | (body[at + 1] << 8) | (body[at + 2] << 16);
    at += 3;
    last = (header & 1) === 1;
    const type = (header >> 1) & 3;
    const size = header >>> 3;
    if (type === 3) throw new ZstdFrameInvalid(`block at byte ${at - 3} has the reserved block type`);
    if (size > maxBlock) throw new ZstdFrameInvalid(`block at byte ${at - 3} is ${size} bytes, over the ${maxBlock} bytes its frame allows`);
    // An RLE block is one byte repeated `size` times.
    at += type === 1 ? 1 : size;
    if (at > body.length) throw new ZstdFrameInvalid(`frame at byte ${start} is cut short`);
  }
  if (checksum) at += 4;
  if (at > body.length) throw new ZstdFrameInvalid(`frame at byte ${start} is cut short`);
  return { start, end: at, singleSegment, windowBytes, contentBytes };
}

function need(body: Uint8Array, at: number, bytes: number, what: string): void {
  if (at + bytes > body.length) throw new ZstdFrameInvalid(`${what} at byte ${at} is cut short`);
}

function u32(body: Uint8Array, at: number): number {
  return (body[at] | (body[at + 1] << 8) | (body[at + 2] << 16) | (body[at + 3] << 24)) >>> 0;
}

/** Up to 8 bytes, little-endian; past 2^53 the value is approximate, which is still too large. */
function readLittleEndian(body: Uint8Array, at: number, bytes: number): number {
  let value = 0;
  for (let i = bytes - 1; i >= 0; i--) value = value * 256 + body[at + i];
  return value;
}
