// Random W3C trace, span and session ids from the platform's CSPRNG.

/** `bytes` random bytes as lowercase hex; never all zeros, which W3C trace context forbids. */
export function randomHex(bytes: number): string {
  let hex = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(bytes))) hex += (byte < 16 ? '0' : '') + byte.toString(16);
  return /^0+$/.test(hex) ? randomHex(bytes) : hex;
}

export const newTraceId = (): string => randomHex(16);
export const newSpanId = (): string => randomHex(8);
