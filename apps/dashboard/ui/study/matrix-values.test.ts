import { describe, expect, it } from 'vitest';
import { arrangeCells, offDiagonalMean } from './matrix-values';
import { orderModels } from './order-models';

const models = [
  { id: 'b', name: 'b', architectureId: 'vgg', eps: 0 },
  { id: 'a', name: 'a', architectureId: 'mlp', eps: 0 },
];

describe('arrangeCells', () => {
  it('moves API-order cells to axis order and leaves missing cells pending', () => {
    const order = orderModels(models); // axis: a (API 1), b (API 0)
    const grid = arrangeCells(order, [
      { row: 0, column: 1, value: 0.7 }, // S[b][a]
      { row: 1, column: 1, value: 1 }, // S[a][a]
    ]);
    expect(grid).toEqual([
      [1, null],
      [0.7, null],
    ]);
  });

  it('ignores cells outside the matrix', () => {
    expect(arrangeCells(orderModels(models), [{ row: 5, column: 0, value: 0.1 }])).toEqual([
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
