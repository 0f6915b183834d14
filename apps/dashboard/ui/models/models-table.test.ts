import { describe, expect, it } from 'vitest';
import { classBalance } from '../datasets/datasets-table';
import { parameterCount, robustAccuracy } from './models-table';

const evaluation = (eps: number, accuracy: number | null, status = 'READY') => ({
  id: `${eps}`,
  status: status as 'READY',
  norm: 'L2' as const,
  eps,
  accuracy,
});

describe('model table columns', () => {
  it('takes the robust accuracy of the latest finished evaluation at the model’s own eps', () => {
    const model = {
      eps: 0.5,
      card: null,
      robustness: [
        evaluation(0.5, 0.4),
        evaluation(1, 0.2),
        evaluation(0.5, 0.45),
        evaluation(0.5, 0.9, 'RUNNING'),
      ],
    };
    expect(robustAccuracy(model)).toBe(0.45);
  });

  it('falls back to the model card’s evaluation, and to nothing', () => {
    expect(robustAccuracy({ eps: 0, card: { evaluation: { robustAccuracy: 0.3 } }, robustness: [] })).toBe(
      0.3,
    );
    expect(robustAccuracy({ eps: 0, card: null, robustness: [] })).toBeNull();
  });

  it('reads the parameter count from the card', () => {
    expect(parameterCount({ card: { parameterCount: 61706 } })).toBe(61706);
    expect(parameterCount({ card: { parameterCount: 'many' } })).toBeNull();
  });
});

describe('classBalance', () => {
  it('lists the first six classes with their counts', () => {
    expect(classBalance(['a', 'b'], [16, 12])).toBe('a: 16 · b: 12');
    expect(classBalance(null, [1, 2, 3, 4, 5, 6, 7])).toBe('0: 1 · 1: 2 · 2: 3 · 3: 4 · 4: 5 · 5: 6 · …');
    expect(classBalance(null, null)).toBe('—');
  });
});
