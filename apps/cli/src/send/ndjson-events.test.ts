import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNdjsonEvents } from './ndjson-events.ts';

describe('readNdjsonEvents', () => {
  it('reads objects and envelopes, skips blank lines, and names bad lines', async () => {
    const input = Readable.from([
      '{"a":1}\n\n{"data":{"b":2},"time":"2026-01-01T00:00:00Z","samplerate":5}\n',
      'not json\n[1]\n{"data":{"c":3},"extra":true}\n',
    ]);
    const lines = [];
    for await (const line of readNdjsonEvents(input)) lines.push(line);
    expect(lines.map((l) => ('item' in l ? { line: l.line, item: l.item } : { line: l.line, error: l.error.slice(0, 18) }))).toEqual([
      { line: 1, item: { data: { a: 1 } } },
      { line: 3, item: { data: { b: 2 }, time: '2026-01-01T00:00:00Z', samplerate: 5 } },
      { line: 4, error: 'not valid JSON: Un' },
      { line: 5, error: 'not a JSON object' },
      { line: 6, item: { data: { data: { c: 3 }, extra: true } } },
    ]);
  });
});
