// Trace and span ids as the store keeps them: lowercase hex of exactly 16 or 8 bytes.
// All-zero ids are invalid in W3C Trace Context and OTLP, so they count as absent.

const HEX_ID = /^[0-9a-f]+$/;
const ZERO_ID = /^0+$/;

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/** Why `hex` is not a usable id of `bytes` bytes, or null when it is. */
export function idProblem(hex: string, bytes: number, what: string): string | null {
  if (hex.length !== bytes * 2 || !HEX_ID.test(hex)) {
    const got = HEX_ID.test(hex) && hex.length % 2 === 0 ? `${hex.length / 2} bytes` : JSON.stringify(hex.slice(0, 40));
    return `${what} must be ${bytes} bytes, got ${got}`;
  }
  return ZERO_ID.test(hex) ? `${what} must not be all zeros` : null;
}

/** A parent or log id that is empty or all zeros means none was set. */
export function isAbsentId(hex: string): boolean {
  return hex === '' || ZERO_ID.test(hex);
}
