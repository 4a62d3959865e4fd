// The events API speaks JSON and msgpack (libhoney-go's EnableMsgpackEncoding), and
// answers in the encoding of the request: libhoney-go decodes the per-event statuses as
// msgpack when the answer's Content-Type is exactly `application/msgpack`.
import { decodeTimestampToTimeSpec, Decoder, encode, EXT_TIMESTAMP, ExtensionCodec } from '@msgpack/msgpack';
import { HttpError } from '../http/http-error.ts';
import { parseExactJson } from './parse-exact-json.ts';

export type EventsFormat = 'json' | 'msgpack';

/** msgpack for its two media types; JSON otherwise, as Honeycomb reads an unlabelled body. */
export function eventsFormatOf(contentType: string | undefined): EventsFormat {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return mime === 'application/msgpack' || mime === 'application/x-msgpack' ? 'msgpack' : 'json';
}

export function decodeEventsBody(body: Uint8Array, format: EventsFormat): unknown {
  try {
    return format === 'json' ? parseExactJson(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) : msgpackDecoder.decode(body);
  } catch (error) {
    throw new HttpError(400, `body is not valid ${format === 'json' ? 'JSON' : 'msgpack'}: ${(error as Error).message}`);
  }
}

/** The answer body and its Content-Type, in the request's encoding. */
export function encodeEventsAnswer(value: unknown, format: EventsFormat): { body: Uint8Array<ArrayBuffer> | string; contentType: string } {
  if (format === 'json') return { body: JSON.stringify(value), contentType: 'application/json' };
  return { body: new Uint8Array(encode(value)), contentType: 'application/msgpack' };
}

// A msgpack timestamp becomes RFC 3339 text with its nanoseconds, the form a JSON client
// sends, so the one time parser reads both (a JS Date would keep milliseconds only).
const extensionCodec = new ExtensionCodec();
extensionCodec.register({
  type: EXT_TIMESTAMP,
  encode: () => null,
  decode: (data: Uint8Array) => timeSpecText(decodeTimestampToTimeSpec(data)),
});

// 64-bit integers arrive as bigint, so values past 2^53 are not rounded on the way in.
const msgpackDecoder = new Decoder({ extensionCodec, useBigInt64: true });

function timeSpecText({ sec, nsec }: { sec: number; nsec: number }): string {
  const date = new Date(sec * 1000);
  // Outside what a Date can hold: Unix seconds, which the time parser judges.
  if (Number.isNaN(date.getTime())) return `${sec}.${String(nsec).padStart(9, '0')}`;
  return date.toISOString().replace(/\.\d{3}Z$/, `.${String(nsec).padStart(9, '0')}Z`);
}
