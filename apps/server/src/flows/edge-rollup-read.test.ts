import { describe, expect, test } from 'vitest';
import { unrolledPieces } from './edge-rollup-read.ts';

const w = (startUs: number, endUs: number) => ({ startUs, endUs });

describe('unrolledPieces', () => {
  test.each([
    ['nothing rolled: the whole window', [], [w(10, 100)]],
    ['rolled in the middle: the partial ends', [w(20, 80)], [w(10, 20), w(80, 100)]],
    ['adjacent runs leave no piece between them', [w(10, 40), w(40, 100)], []],
    ['a gap between runs', [w(10, 30), w(50, 100)], [w(30, 50)]],
  ])('%s', (_, runs, pieces) => {
    expect(unrolledPieces(w(10, 100), runs)).toEqual(pieces);
  });
});
