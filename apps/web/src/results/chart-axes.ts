// Axis maths for the hand-drawn charts: round tick values, time ticks on clock boundaries,
// and compact number labels.

/** Round ticks covering [min, max]: steps of 1, 2 or 5 × 10^n. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) max = min + 1;
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  // The last tick is at or above max, so the axis it scales always holds the data.
  for (let v = Math.floor(min / step) * step; ; v += step) {
    ticks.push(Number(v.toPrecision(12)));
    if (v >= max - step * 1e-9) break;
  }
  return ticks;
}

const TIME_STEPS_MS = [1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);

/** Tick times (ms) on round clock boundaries, about `count` of them across [start, end]. */
export function timeTicks(startMs: number, endMs: number, count: number): number[] {
  if (!(endMs > startMs)) return [];
  const raw = (endMs - startMs) / Math.max(1, count);
  // A little denser than asked rather than half as dense: 2h over 4 ticks is 30-minute steps
  // even when the axis runs a few seconds past the two hours.
  const step = TIME_STEPS_MS.find((s) => s >= raw * 0.75) ?? TIME_STEPS_MS[TIME_STEPS_MS.length - 1];
  // Align to the local clock, so an hour step lands on the hour where the user is.
  const offset = new Date(startMs).getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((startMs - offset) / step) * step + offset; t <= endMs; t += step) ticks.push(t);
  return ticks;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `14:05`, with seconds when ticks are closer than a minute, with the date across days. */
export function formatTickTime(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (spanMs < 2 * 60_000) return `${clock}:${pad(d.getSeconds())}`;
  if (spanMs > 2 * 86_400_000) return `${d.getMonth() + 1}/${d.getDate()} ${clock}`;
  return clock;
}

/** `1.2k`, `3.5M`, `0.25`, `12`: short labels for axes and tooltips. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3)}k`;
  if (Number.isInteger(value)) return String(value);
  return abs >= 100 ? value.toFixed(1) : String(Number(value.toPrecision(3)));
}

function trim(value: number): string {
  return String(Number(value.toFixed(value >= 100 ? 0 : 1)));
}

/** Tables show values in full: integers exactly, fractions to six significant digits. */
export function formatPrecise(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
