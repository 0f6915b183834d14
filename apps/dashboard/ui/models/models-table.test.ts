import { describe, expect, it } from 'vitest';
import { classBalance } from '../datasets/datasets-table';
import { groupArchitectures } from './architecture-filter';
import { inputShapeLabel, parameterCount, robustAccuracy } from './models-table';

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

  it('takes the server’s parameter count (an imported model has no card), else the card’s', () => {
    expect(parameterCount({ parameterCount: 8538, card: null })).toBe(8538);
    expect(parameterCount({ parameterCount: null, card: { parameterCount: 61706 } })).toBe(61706);
    expect(parameterCount({ parameterCount: null, card: { parameterCount: 'many' } })).toBeNull();
  });

  it('writes the input shape as height×width×channels', () => {
    expect(inputShapeLabel([28, 28, 1])).toBe('28×28×1');
    expect(inputShapeLabel(null)).toBe('—');
  });
});

describe('groupArchitectures', () => {
  it('lists the zoo’s architectures, then the imported ones, each by id', () => {
    const a = (id: string, origin: 'ZOO' | 'IMPORTED') => ({ id, family: id, origin });
    const groups = groupArchitectures([
      a('vgg', 'ZOO'),
      a('torch-cnn', 'IMPORTED'),
      a('mlp', 'ZOO'),
      a('a-net', 'IMPORTED'),
    ]);
    expect(groups.zoo.map((x) => x.id)).toEqual(['mlp', 'vgg']);
    expect(groups.imported.map((x) => x.id)).toEqual(['a-net', 'torch-cnn']);
  });
});

describe('classBalance', () => {
  it('lists the first six classes with their counts', () => {
    expect(classBalance(['a', 'b'], [16, 12])).toBe('a: 16 · b: 12');
    expect(classBalance(null, [1, 2, 3, 4, 5, 6, 7])).toBe('0: 1 · 1: 2 · 2: 3 · 3: 4 · 4: 5 · 5: 6 · …');
    expect(classBalance(null, null)).toBe('—');
  });
});
