import { describe, expect, it } from 'vitest';
import { arrangeCells, offDiagonalMean } from './matrix-values';

describe('arrangeCells', () => {
  it('moves matrix-order cells to axis order by model id and leaves missing cells pending', () => {
    // Axis: a, b; the matrix lists b first.
    const grid = arrangeCells(
      ['a', 'b'],
      ['b', 'a'],
      [
        { row: 0, column: 1, value: 0.7 }, // S[b][a]
        { row: 1, column: 1, value: 1 }, // S[a][a]
      ],
    );
    expect(grid).toEqual([
      [1, null],
      [0.7, null],
    ]);
  });

  it('ignores cells outside the matrix and models not on the axes', () => {
    expect(arrangeCells(['a'], ['z', 'a'], [{ row: 0, column: 1, value: 0.3 }])).toEqual([[null]]);
    expect(arrangeCells(['a', 'b'], ['b', 'a'], [{ row: 5, column: 0, value: 0.1 }])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});

describe('offDiagonalMean', () => {
  it('averages the known off-diagonal cells only and counts them', () => {
    const result = offDiagonalMean([
      [1, 0.2, null],
      [0.4, 1, 0.6],
      [null, null, 1],
    ]);
    expect(result.mean).toBeCloseTo(0.4, 12);
    expect(result).toMatchObject({ known: 3, total: 6 });
  });

  it('is null before any off-diagonal cell is known', () => {
    expect(offDiagonalMean([[1]]).mean).toBeNull();
  });
});
