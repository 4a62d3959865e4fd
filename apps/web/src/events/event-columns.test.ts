import { describe, expect, it } from 'vitest';
import { defaultEventColumns, eventFields } from './event-columns.ts';

describe('defaultEventColumns', () => {
  it('puts the familiar fields first, then the most common others, skipping plumbing', () => {
    const events = [
      { 'trace.span_id': 'a', name: 'GET /', 'user.id': 'u1', 'app.team': 'x', duration_ms: 3 },
      { 'trace.span_id': 'b', name: 'GET /', 'user.id': 'u2', 'meta.annotation_type': 'span_event' },
    ];
    expect(defaultEventColumns(events)).toEqual(['name', 'duration_ms', 'user.id', 'app.team']);
    expect(defaultEventColumns(events, 3)).toEqual(['name', 'duration_ms', 'user.id']);
  });

  it('lists every present field of an event by name', () => {
    expect(eventFields({ b: 1, a: 'x', c: null })).toEqual([
      ['a', 'x'],
      ['b', 1],
    ]);
  });
});
