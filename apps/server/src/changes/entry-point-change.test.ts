import { describe, expect, test } from 'vitest';
import { entryPointsMoved, type WindowNumbers } from './entry-point-change.ts';

const numbers = (count: number, p50: number, errorRate = 0, rate = count / 600): WindowNumbers => ({
  count,
  rate,
  errors: count * errorRate,
  error_rate: errorRate,
  p50_duration_ms: p50,
  p99_duration_ms: p50 * 2,
});

describe('entryPointsMoved', () => {
  test('names what moved for each entry point, those that moved first', () => {
    const before = new Map([
      ['GET /a', numbers(200, 100)],
      ['POST /b', numbers(100, 100)],
      ['GET /c', numbers(100, 100, 0.01)],
    ]);
    const after = new Map([
      ['GET /a', numbers(200, 105)],
      ['POST /b', numbers(100, 400)],
      ['GET /c', numbers(100, 100, 0.2)],
    ]);
    expect(entryPointsMoved(before, after).map((e) => [e.name, e.moved])).toEqual([
      ['GET /c', ['error_rate']],
      ['POST /b', ['p50_duration_ms', 'p99_duration_ms']],
      ['GET /a', []],
    ]);
  });

  test('an entry point that appears or vanishes moved in rate; too few events on both sides say nothing', () => {
    const before = new Map([
      ['old', numbers(50, 10)],
      ['rare', numbers(3, 10)],
    ]);
    const after = new Map([
      ['new', numbers(50, 10)],
      ['rare', numbers(2, 90)],
    ]);
    expect(Object.fromEntries(entryPointsMoved(before, after).map((e) => [e.name, e.moved]))).toEqual({ old: ['rate'], new: ['rate'], rare: [] });
  });

  test('nothing moved while a window has no time passed', () => {
    const before = new Map([['GET /a', numbers(200, 100)]]);
    expect(entryPointsMoved(before, new Map(), false)).toEqual([{ name: 'GET /a', before: before.get('GET /a'), after: null, moved: [] }]);
  });
});
