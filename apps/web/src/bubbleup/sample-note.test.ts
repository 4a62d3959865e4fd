import { describe, expect, test } from 'vitest';
import { sampleNote } from './sample-note.ts';

describe('sampleNote', () => {
  test('says nothing when every event was read', () => {
    expect(sampleNote({ sample: { selected: null, baseline: null } })).toBeNull();
  });

  test('names the sampled side and how many of its events were read', () => {
    expect(sampleNote({ sample: { selected: null, baseline: { events: 98304, of: 9666358, slices: 32 } } })).toBe(
      'Shares estimated from samples: the baseline from 98,304 of its 9,666,358 events (32 time slices each).',
    );
  });

  test('names both sides when both were sampled', () => {
    expect(sampleNote({ sample: { selected: { events: 100020, of: 333642, slices: 32 }, baseline: { events: 98304, of: 9666358, slices: 32 } } })).toBe(
      'Shares estimated from samples: the selection from 100,020 of its 333,642 events and the baseline from 98,304 of its 9,666,358 events (32 time slices each).',
    );
  });
});
