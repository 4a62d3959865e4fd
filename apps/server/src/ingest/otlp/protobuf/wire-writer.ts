// Just enough protobuf writing for OTLP's small response messages.

const utf8 = new TextEncoder();

export class WireWriter {
  private readonly bytes: number[] = [];

  varintField(field: number, value: number): this {
    this.varint((field << 3) | 0);
    return this.varint(value);
  }

  stringField(field: number, value: string): this {
    return this.bytesField(field, utf8.encode(value));
  }

  bytesField(field: number, value: Uint8Array): this {
    this.varint((field << 3) | 2);
    this.varint(value.length);
    for (const byte of value) this.bytes.push(byte);
    return this;
  }

  finish(): Uint8Array<ArrayBuffer> {
    return Uint8Array.from(this.bytes);
  }

  /** Non-negative integers up to 2^53; ample for counts and codes. */
  private varint(value: number): this {
    let rest = value;
    while (rest >= 0x80) {
      this.bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.bytes.push(rest);
    return this;
  }
}
