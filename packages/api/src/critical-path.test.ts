import { describe, expect, it } from 'vitest';
import { criticalPath, type PathSpan } from './critical-path.ts';

/** Spans as `id parent start end` lines (µs); the first is the root. */
function walk(lines: string[]): [string, number][] {
  const spans = lines.map((line) => {
    const [spanId, parent, start, end] = line.split(/\s+/);
    return { spanId, parent, startUs: Number(start), endUs: Number(end) };
  });
  const childrenOf = (span: PathSpan) => spans.filter((s) => s.parent === span.spanId);
  return criticalPath(spans[0], childrenOf).map((step) => [step.span.spanId, step.criticalUs]);
}

describe('criticalPath', () => {
  it.each([
    ['a lone root is all its own time', ['r - 0 100'], [['r', 100]]],
    [
      'sequential children take their time from the parent',
      ['r - 0 100', 'a r 10 40', 'b r 50 90'],
      [
        ['r', 30],
        ['a', 30],
        ['b', 40],
      ],
    ],
    [
      'of overlapping children, the one that finished last, then the other until that one started',
      ['r - 0 100', 'a r 10 80', 'b r 20 90'],
      [
        ['r', 20],
        ['a', 10],
        ['b', 70],
      ],
    ],
    [
      "a child ending after its parent counts up to the parent's end",
      ['r - 0 100', 'a r 50 150'],
      [
        ['r', 50],
        ['a', 50],
      ],
    ],
    ['a child starting after its parent ended is off the path', ['r - 0 100', 'a r 120 150'], [['r', 100]]],
    [
      'the walk goes down through grandchildren',
      ['r - 0 100', 'a r 0 100', 'b a 10 60'],
      [
        ['r', 0],
        ['a', 50],
        ['b', 50],
      ],
    ],
  ] as const)('%s', (_title, lines, expected) => {
    expect(walk([...lines])).toEqual(expected);
  });
});
