// libhoney-go's batch requests, built as its transmission package builds them, for a
// client we cannot run here (no Go toolchain): `POST /1/batch/{dataset}`, the events as
// a JSON array or a msgpack array (Go's msgpack writes every int as int64, every uint as
// uint64 and a time.Time as the timestamp extension), zstd level 2 unless compression is
// off (libhoney-go limits the window to 64 KiB; the reference library's frames here take
// the window their size needs, up to 1 MiB at level 2), and its User-Agent. The answer's statuses are read the way
// libhoney-go reads them: as msgpack when the Content-Type is exactly application/msgpack.
import { gzipSync } from 'node:zlib';
import { decode, encode, encodeTimeSpecToTimestamp, EXT_TIMESTAMP, ExtData } from '@msgpack/msgpack';
import { zstdCompress } from './zstd-compress.ts';

/** A Go event: `time` as Unix nanoseconds (a time.Time), ints as bigint (Go's int64). */
export interface GoEvent {
  data: Record<string, unknown>;
  sampleRate?: number;
  timeNs?: bigint;
}

export interface GoBatchOptions {
  msgpack?: boolean;
  compression?: 'zstd' | 'gzip' | 'none';
  contentType?: string;
}

export interface GoBatchAnswer {
  httpStatus: number;
  contentType: string | null;
  statuses: Array<{ status: number; error?: string }>;
}

export async function sendGoBatch(baseUrl: string, dataset: string, events: GoEvent[], options: GoBatchOptions = {}): Promise<GoBatchAnswer> {
  const encoded = options.msgpack ? encodeMsgpack(events) : encodeJson(events);
  const compression = options.compression ?? 'zstd';
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? (options.msgpack ? 'application/msgpack' : 'application/json'),
    'user-agent': 'libhoney-go/1.25.0',
    'x-honeycomb-team': 'local-key',
  };
  let body: Uint8Array = encoded;
  if (compression === 'zstd') {
    body = await zstdCompress(encoded, 2);
    headers['content-encoding'] = 'zstd';
  } else if (compression === 'gzip') {
    body = gzipSync(encoded);
    headers['content-encoding'] = 'gzip';
  }
  const response = await fetch(`${baseUrl}/1/batch/${encodeURIComponent(dataset)}`, { method: 'POST', headers, body: new Uint8Array(body) });
  const contentType = response.headers.get('content-type');
  const raw = new Uint8Array(await response.arrayBuffer());
  const statuses = (contentType === 'application/msgpack' ? decode(raw) : JSON.parse(Buffer.from(raw).toString('utf8'))) as GoBatchAnswer['statuses'];
  return { httpStatus: response.status, contentType, statuses };
}

/** Go's RFC3339Nano: trailing zeros of the fraction trimmed, UTC as `Z`. */
export function goTimeText(timeNs: bigint): string {
  const ms = Number(timeNs / 1_000_000n);
  const fraction = String(timeNs % 1_000_000_000n)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, fraction ? `.${fraction}Z` : 'Z');
}

function encodeJson(events: GoEvent[]): Uint8Array {
  // Sample rate 1 is the default and left out; data keys sorted, as marshallableMap does.
  const items = events.map((event) => {
    const data = Object.fromEntries(
      Object.keys(event.data)
        .sort()
        .map((k) => [k, event.data[k]]),
    );
    return {
      data,
      ...(event.sampleRate && event.sampleRate !== 1 ? { samplerate: event.sampleRate } : {}),
      ...(event.timeNs !== undefined ? { time: goTimeText(event.timeNs) } : {}),
    };
  });
  return Buffer.from(stringifyWithInt64(items), 'utf8');
}

function encodeMsgpack(events: GoEvent[]): Uint8Array {
  const items = events.map((event) => ({
    data: event.data,
    ...(event.sampleRate && event.sampleRate !== 1 ? { samplerate: BigInt(event.sampleRate) } : {}),
    ...(event.timeNs !== undefined ? { time: goTime(event.timeNs) } : {}),
  }));
  return encode(items, { useBigInt64: true });
}

function goTime(timeNs: bigint): ExtData {
  const sec = Number(timeNs / 1_000_000_000n);
  const nsec = Number(timeNs % 1_000_000_000n);
  return new ExtData(EXT_TIMESTAMP, encodeTimeSpecToTimestamp({ sec, nsec }));
}

/** Go writes an int64 with all its digits; JSON.stringify cannot print a bigint. */
function stringifyWithInt64(value: unknown): string {
  const marker = '#int64#';
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${marker}${v}` : v));
  return text.replace(new RegExp(`"${marker}(-?\\d+)"`, 'g'), '$1');
}
