// libhoney-go's batch requests, built as its transmission package builds them, for a
// client we cannot run here (no Go toolchain): `POST /1/batch/{dataset}`, the events as
// a JSON array or a msgpack array (Go's msgpack writes every int as int64, every uint as
// uint64 and a time.Time as the timestamp extension), zstd level 2 with a 64 KiB window
// unless compression is off, and its User-Agent. The answer's statuses are read the way
// libhoney-go reads them: as msgpack when the Content-Type is exactly application/msgpack.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decode, encode, encodeTimeSpecToTimestamp, EXT_TIMESTAMP, ExtData } from '@msgpack/msgpack';

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
  /** The request's body as sent, compressed. */
  sent: Uint8Array;
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
    body = zstdLevel2Window64KiB(encoded);
    headers['content-encoding'] = 'zstd';
  } else if (compression === 'gzip') {
    body = gzipSync(encoded);
    headers['content-encoding'] = 'gzip';
  }
  const response = await fetch(`${baseUrl}/1/batch/${encodeURIComponent(dataset)}`, { method: 'POST', headers, body: new Uint8Array(body) });
  const contentType = response.headers.get('content-type');
  const raw = new Uint8Array(await response.arrayBuffer());
  const statuses = (contentType === 'application/msgpack' ? decode(raw) : JSON.parse(Buffer.from(raw).toString('utf8'))) as GoBatchAnswer['statuses'];
  return { sent: body, httpStatus: response.status, contentType, statuses };
}

/**
 * libhoney-go's encoder (level 2, `WithWindowSize(1 << 16)`, one frame with its content
 * size) as the reference library's command writes it: a file's frame declares its size, and
 * past 64 KiB of input its window stays 64 KiB.
 */
export function zstdLevel2Window64KiB(input: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'libhoney-go-'));
  try {
    const file = join(dir, 'batch');
    writeFileSync(file, input);
    return execFileSync('zstd', ['-q', '-2', '--zstd=wlog=16', '-c', file], { maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
