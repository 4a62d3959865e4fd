// Trace and span ids as the store keeps them: lowercase hex of exactly 16 or 8 bytes.
// All-zero ids are invalid in W3C Trace Context and OTLP, so they count as absent. The
// decoders guarantee hex (protobuf bytes are hex-encoded; OTLP/JSON ids are checked).

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

const ZERO_TRACE_ID = '0'.repeat(TRACE_ID_BYTES * 2);
const ZERO_SPAN_ID = '0'.repeat(SPAN_ID_BYTES * 2);

/** Why `hex` is not a usable id of `bytes` bytes, or null when it is. */
export function idProblem(hex: string, bytes: number, what: string): string | null {
  if (hex.length !== bytes * 2) return `${what} must be ${bytes} bytes, got ${hex.length / 2} bytes`;
  return hex === ZERO_TRACE_ID || hex === ZERO_SPAN_ID ? `${what} must not be all zeros` : null;
}

/** A parent or log id that is empty or all zeros means none was set. */
export function isAbsentId(hex: string): boolean {
  return hex === '' || hex === ZERO_SPAN_ID || hex === ZERO_TRACE_ID;
}
