// Probability sampling by trace id, as OpenTelemetry specifies it: a trace is kept when the
// 56 random bits at the end of its id reach the rejection threshold, and the threshold
// travels in `tracestate` (`ot=th:…`) so the backend's spans of a kept trace carry the
// same sample rate and aggregates weigh them right.

/** 12 of the 14 hex digits a threshold may have: all a double holds exactly. */
const THRESHOLD_PRECISION = 2 ** 48;

/** The rejection threshold for keeping 1 in `sampleRate` traces, as `th` hex (trailing zeros dropped). */
export function samplingThreshold(sampleRate: number): string {
  const threshold = Math.min(Math.round((1 - 1 / sampleRate) * THRESHOLD_PRECISION), THRESHOLD_PRECISION - 1);
  return threshold.toString(16).padStart(12, '0').replace(/0+$/, '') || '0';
}

export function isTraceSampled(traceId: string, sampleRate: number): boolean {
  if (sampleRate <= 1) return true;
  return BigInt('0x' + traceId.slice(-14)) >= BigInt('0x' + samplingThreshold(sampleRate).padEnd(14, '0'));
}

/** The `tracestate` to send with requests; none when every trace is kept. */
export function samplingTracestate(sampleRate: number): string | undefined {
  return sampleRate > 1 ? `ot=th:${samplingThreshold(sampleRate)}` : undefined;
}
