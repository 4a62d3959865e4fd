// Hand-made zstd frames (RFC 8878) for tests of what a compressor never writes: huge
// declared windows and sizes, RLE bombs, reserved bits, frames cut short.

export type Block = { type: 'raw'; bytes: Uint8Array } | { type: 'rle'; byte: number; size: number } | { type: 'reserved'; size: number };

export interface FrameSpec {
  /** Window descriptor byte (exponent << 3 | mantissa); leaves the frame single-segment when absent. */
  windowDescriptor?: number;
  /** Frame_Content_Size and how many bytes it takes (1 only for single-segment, 2, 4 or 8). */
  contentSize?: { value: bigint; bytes: 1 | 2 | 4 | 8 };
  dictionaryId?: number;
  checksum?: boolean;
  reservedBit?: boolean;
  blocks: Block[];
}

export function zstdFrame(spec: FrameSpec): Uint8Array<ArrayBuffer> {
  const singleSegment = spec.windowDescriptor === undefined;
  const sizeBytes = spec.contentSize?.bytes ?? 0;
  const sizeFlag = sizeBytes === 8 ? 3 : sizeBytes === 4 ? 2 : sizeBytes === 2 ? 1 : 0;
  const descriptor = (sizeFlag << 6) | (singleSegment ? 0x20 : 0) | (spec.reservedBit ? 0x08 : 0) | (spec.checksum ? 0x04 : 0) | (spec.dictionaryId ? 2 : 0);
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd, descriptor];
  if (!singleSegment) out.push(spec.windowDescriptor!);
  if (spec.dictionaryId) out.push(...littleEndian(BigInt(spec.dictionaryId), 4));
  if (spec.contentSize) out.push(...littleEndian(spec.contentSize.value - (sizeBytes === 2 ? 256n : 0n), sizeBytes));
  spec.blocks.forEach((block, i) => {
    const last = i === spec.blocks.length - 1 ? 1 : 0;
    const [type, size] = block.type === 'raw' ? [0, block.bytes.length] : block.type === 'rle' ? [1, block.size] : [3, block.size];
    const header = (size << 3) | (type << 1) | last;
    out.push(header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff);
    if (block.type === 'raw') out.push(...block.bytes);
    else if (block.type === 'rle') out.push(block.byte);
  });
  if (spec.checksum) out.push(0, 0, 0, 0);
  return new Uint8Array(out);
}

/** A skippable frame holding `size` zero bytes. */
export function skippableFrame(size: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0x50, 0x2a, 0x4d, 0x18, ...littleEndian(BigInt(size), 4), ...new Array<number>(size).fill(0)]);
}

/**
 * The same frame without its Frame_Content_Size (a streaming compressor's frame): the
 * blocks do not depend on it. Only for frames with a window descriptor.
 */
export function withoutContentSize(frame: Uint8Array): Uint8Array {
  const descriptor = frame[4];
  if (descriptor & 0x20) throw new Error('a single-segment frame needs its content size');
  if (descriptor & 0x03) throw new Error('frames with a dictionary id are not handled');
  const sizeBytes = [0, 2, 4, 8][descriptor >> 6];
  return new Uint8Array([...frame.subarray(0, 4), descriptor & 0x3f, frame[5], ...frame.subarray(6 + sizeBytes)]);
}

function littleEndian(value: bigint, bytes: number): number[] {
  return Array.from({ length: bytes }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn));
}
