// A minimal protobuf wire-format reader over one request body: only the wire types OTLP
// uses, every read bounds-checked, so a truncated or crafted body fails with an offset
// instead of reading garbage or looping.
import { OtlpDecodeError } from '../otlp-decode-error.ts';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const TWO_POW_32 = 4294967296;

/**
 * Buffer's native slice decoders. `toString(encoding, start, end)` wraps them in argument
 * handling that cost more than the decoding itself for the short strings OTLP is made of.
 */
interface NativeSlices {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
}

export class WireReader {
  pos = 0;
  private readonly view: DataView;
  /** The same bytes as a Buffer, for its native UTF-8 and hex decoding. */
  private readonly buffer: NativeSlices;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.buffer = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as unknown as NativeSlices;
  }

  fail(problem: string, at = this.pos): never {
    throw new OtlpDecodeError(`invalid protobuf: ${problem} at offset ${at}`);
  }

  /** A varint's low 32 bits (tags, lengths, enums); longer varints are consumed whole. */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= buf.length) this.fail('varint runs past the end', this.pos);
      const byte = buf[pos++];
      if (shift < 32) value |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    return this.fail('varint longer than 10 bytes', this.pos);
  }

  /** A signed int64 varint as a number when exact, else as a bigint. */
  int64(): number | bigint {
    const buf = this.buf;
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    let pos = start;
    for (let i = 0; ; i++) {
      if (i === 10) this.fail('varint longer than 10 bytes', start);
      if (pos >= buf.length) this.fail('varint runs past the end', start);
      const byte = buf[pos++];
      const bits = byte & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (byte < 0x80) break;
    }
    this.pos = pos;
    lo >>>= 0;
    hi >>>= 0;
    // Within ±(2^53 - 1) the number is exact; beyond, keep every digit as a bigint.
    if (hi < 0x200000) return hi * TWO_POW_32 + lo;
    const value = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
    return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  fixed64(): bigint {
    this.need(8);
    const value = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return value;
  }

  double(): number {
    this.need(8);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and returns where the delimited bytes end. */
  delimitedEnd(limit: number): number {
    const at = this.pos;
    const length = this.uint32();
    const end = this.pos + length;
    if (end > limit) this.fail(`length ${length} runs past the end of its message`, at);
    return end;
  }

  bytes(limit: number): Uint8Array {
    const end = this.delimitedEnd(limit);
    const bytes = this.buf.subarray(this.pos, end);
    this.pos = end;
    return bytes;
  }

  hex(limit: number): string {
    const end = this.delimitedEnd(limit);
    const hex = this.buffer.hexSlice(this.pos, end);
    this.pos = end;
    return hex;
  }

  /** Invalid UTF-8 becomes U+FFFD rather than failing the request. */
  string(limit: number): string {
    const end = this.delimitedEnd(limit);
    const text = this.buffer.utf8Slice(this.pos, end);
    this.pos = end;
    return text;
  }

  /** Skips a field this decoder does not read. */
  skip(wireType: number, limit: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.uint32();
        return;
      case WIRE_FIXED64:
        this.need(8);
        this.pos += 8;
        return;
      case WIRE_LENGTH_DELIMITED:
        this.pos = this.delimitedEnd(limit);
        return;
      case WIRE_FIXED32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }

  /** Fails when the last field read ran past the end of the message holding it. */
  finish(end: number, message: string): void {
    if (this.pos !== end) this.fail(`a field runs past the end of ${message}`);
  }

  /** Fails unless a known field arrived with the wire type its schema gives it. */
  expect(wireType: number, expected: number, field: string): void {
    if (wireType !== expected) this.fail(`${field} has wire type ${wireType}, expected ${expected}`);
  }

  private need(count: number): void {
    if (this.pos + count > this.buf.length) this.fail(`${count}-byte value runs past the end`);
  }
}
