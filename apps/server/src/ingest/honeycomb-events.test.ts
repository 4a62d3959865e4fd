import { describe, expect, it } from 'vitest';
import { parseHoneycombEvent } from './honeycomb-events.ts';

const nowUs = 1_700_000_000_000_000;

describe('parseHoneycombEvent', () => {
  it('keeps scalar fields, drops nulls and keeps nested values as JSON text', () => {
    const parsed = parseHoneycombEvent({ 'http.route': '/cart', duration_ms: 12.5, ok: true, user: { id: 7 }, tags: ['a'], gone: null }, { nowUs });
    expect(parsed).toEqual({
      ok: true,
      event: {
        timeUs: nowUs,
        sampleRate: 1,
        fields: { 'http.route': '/cart', duration_ms: 12.5, ok: true, user: '{"id":7}', tags: '["a"]' },
      },
    });
  });

  it('drops a field whose name is over 1024 characters, as OTLP does, and says so', () => {
    const parsed = parseHoneycombEvent({ ['k'.repeat(1025)]: 'x', ['n'.repeat(1024)]: 1 }, { nowUs });
    expect(parsed).toEqual({
      ok: true,
      event: { timeUs: nowUs, sampleRate: 1, fields: { ['n'.repeat(1024)]: 1 } },
      warning: '1 field(s) with names over 1024 characters were dropped',
    });
  });

  it('keeps a field named __proto__ as data', () => {
    const parsed = parseHoneycombEvent(JSON.parse('{"__proto__": "x", "a": 1}'), { nowUs });
    expect(parsed.ok && Object.entries(parsed.event.fields)).toEqual([
      ['__proto__', 'x'],
      ['a', 1],
    ]);
    expect(parsed.ok && Object.getPrototypeOf(parsed.event.fields)).toBe(Object.prototype);
  });

  it('takes time and sample rate from the item or the headers', () => {
    const parsed = parseHoneycombEvent({ a: 1 }, { nowUs, time: '2023-11-14T22:13:20Z', sampleRate: '10' });
    expect(parsed).toMatchObject({ ok: true, event: { timeUs: 1_700_000_000_000_000, sampleRate: 10 } });
  });

  it('names what is wrong with a bad item', () => {
    expect(parseHoneycombEvent([1, 2], { nowUs })).toEqual({ ok: false, error: 'event data must be a JSON object of fields' });
    expect(parseHoneycombEvent({ a: 1 }, { nowUs, sampleRate: 0 })).toEqual({ ok: false, error: 'samplerate 0 must be a number >= 1' });
    expect(parseHoneycombEvent({ a: 1 }, { nowUs, time: 'soon' })).toEqual({
      ok: false,
      error: 'time "soon" is not RFC 3339 or Unix seconds',
    });
  });
});
