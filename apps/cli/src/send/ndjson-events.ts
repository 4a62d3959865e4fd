// Newline-delimited JSON events, read line by line so a file of any size streams through
// in bounded memory. Each item remembers its line number for error messages.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface BatchItem {
  data: Record<string, unknown>;
  time?: unknown;
  samplerate?: unknown;
}

export type NdjsonLine = { line: number; bytes: number; item: BatchItem } | { line: number; bytes: number; error: string };

const ENVELOPE_KEYS = new Set(['data', 'time', 'samplerate']);

/**
 * A line is an object of fields, or an envelope `{"data": {...}, "time": ..., "samplerate": ...}`
 * as in the events API's batch format. Blank lines are skipped.
 */
export async function* readNdjsonEvents(input: Readable): AsyncGenerator<NdjsonLine> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    const bytes = Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, bytes, error: `not valid JSON: ${(error as Error).message}` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { line, bytes, error: 'not a JSON object' };
      continue;
    }
    const record = value as Record<string, unknown>;
    const isEnvelope =
      record.data !== null && typeof record.data === 'object' && !Array.isArray(record.data) && Object.keys(record).every((k) => ENVELOPE_KEYS.has(k));
    yield { line, bytes, item: isEnvelope ? (record as unknown as BatchItem) : { data: record } };
  }
}
