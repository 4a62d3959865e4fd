// Reads a request body with a hard size limit, before and after decompression, so a
// large upload or a gzip bomb is refused with 413 instead of exhausting memory. An ingest
// body of undeclared size grows its hold on the ingest budget as its chunks arrive.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { HttpError } from './http-error.ts';
import { decompressZstd, ZstdBodyTooLarge, ZstdWindowTooLarge } from './zstd-body.ts';

/** Telemetry compresses about this well: what a compressed body is taken to grow to. */
export const COMPRESSION_RATIO = 10;

/** What a request holds of the ingest budget; a chunked body grows it as it is read. */
export interface IngestHold {
  readonly bytes: number;
  /** Holds `bytes` more; throws the budget's 429 when they do not fit. */
  grow(bytes: number): void;
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

/**
 * `allowEmpty`: an empty body is a valid request (OTLP: an export of nothing succeeds).
 * `hold`: the ingest budget's hold for this request, grown as the body turns out larger.
 */
export async function readBody(request: Request, maxBytes: number, options: { allowEmpty?: boolean; hold?: IngestHold } = {}): Promise<Uint8Array> {
  const { hold } = options;
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  const growth = encoding === 'identity' || encoding === '' ? 1 : COMPRESSION_RATIO;
  // What the body will take once read (and inflated): a hold that is short grows first.
  const reserve =
    hold &&
    ((total: number) => {
      const needed = Math.min(total * growth, maxBytes);
      if (needed > hold.bytes) hold.grow(needed - hold.bytes);
    });
  const raw = await readLimited(request, maxBytes, reserve);
  if (raw.byteLength === 0) {
    if (options.allowEmpty) return raw;
    throw new HttpError(400, 'empty request body');
  }
  return decompress(raw, encoding, maxBytes);
}

async function readLimited(request: Request, maxBytes: number, reserve?: (total: number) => void): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    if (reserve) {
      try {
        reserve(total);
      } catch (error) {
        reader.releaseLock();
        throw error;
      }
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

async function decompress(raw: Uint8Array, encoding: string, maxBytes: number): Promise<Uint8Array> {
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding === 'zstd') return decompressZstdBody(raw, maxBytes);
  const inflater = encoding === 'gzip' || encoding === 'x-gzip' ? gunzip : encoding === 'deflate' ? inflate : null;
  if (!inflater) {
    throw new HttpError(415, `unsupported Content-Encoding "${encoding}": send identity, gzip, deflate or zstd`);
  }
  try {
    return await inflater(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(maxBytes, 'after decompression');
    }
    throw new HttpError(400, `body is not valid ${encoding}: ${(error as Error).message}`);
  }
}

function decompressZstdBody(raw: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return decompressZstd(raw, maxBytes);
  } catch (error) {
    if (error instanceof ZstdBodyTooLarge) throw tooLarge(maxBytes, 'after decompression');
    if (error instanceof ZstdWindowTooLarge) throw new HttpError(400, `${error.message}: compress with a window of 8 MiB or less (windowLog 23 or less)`);
    throw new HttpError(400, `body is not valid zstd: ${(error as Error).message}`);
  }
}

function tooLarge(maxBytes: number, when = ''): HttpError {
  return new HttpError(413, `request body is larger than ${maxBytes} bytes${when ? ' ' + when : ''}`);
}
