import { expect, test } from 'vitest';
import { newValues } from './new-values.ts';

const seen = new Set(['2.3.0', '2.3.1']);

test.each([
  {
    case: 'a new version with evidence',
    seen,
    current: [
      { value: '2.3.1', events: 90 },
      { value: '2.4.0', events: 12 },
    ],
    found: ['2.4.0'],
  },
  { case: 'a known version is not new', seen, current: [{ value: '2.3.1', events: 90 }], found: [] },
  { case: 'one stray event is not evidence yet', seen, current: [{ value: '2.4.0', events: 1 }], found: [] },
  { case: 'a field with no history has nothing to be new against', seen: new Set<string>(), current: [{ value: '1.0.0', events: 50 }], found: [] },
  {
    case: 'many new values at once: not low-cardinality',
    seen,
    current: ['a', 'b', 'c', 'd'].map((value) => ({ value, events: 20 })),
    found: [],
  },
  {
    case: 'the busiest first',
    seen,
    current: [
      { value: 'x', events: 6 },
      { value: 'y', events: 60 },
    ],
    found: ['y', 'x'],
  },
])('$case', ({ seen: known, current, found }) => {
  expect(newValues(known, current).map((s) => s.value)).toEqual(found);
});
