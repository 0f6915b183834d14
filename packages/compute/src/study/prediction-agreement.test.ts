import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../errors.js';
import { predictionAgreement } from './prediction-agreement.js';

describe('predictionAgreement', () => {
  it('counts the predictions equal to the target label and to the seed label', () => {
    const labels = { seed: [0, 1, 2, 3, 4], target: [5, 6, 7, 8, 9] };
    expect(predictionAgreement([5, 6, 2, 0, 4], labels)).toEqual({ target: 0.4, seed: 0.4, n: 5 });
  });

  it('refuses labels of another length', () => {
    expect(() => predictionAgreement([1, 2], { seed: [0], target: [1] })).toThrow(ShapeMismatchError);
  });
});
