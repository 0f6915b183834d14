import { describe, expect, it } from 'vitest';
import { axisLabel, orderModels, uniqueAxisLabels } from './order-models';

const zoo = [
  { id: 'm1', name: 'vgg-r1', architectureId: 'vgg', eps: 1, norm: 'l2' },
  { id: 'm2', name: 'mlp-0', architectureId: 'mlp', eps: 0, norm: null },
  { id: 'm3', name: 'vgg-0', architectureId: 'vgg', eps: 0, norm: null },
  { id: 'm4', name: 'mlp-r05', architectureId: 'mlp', eps: 0.5, norm: 'l2' },
];

describe('orderModels', () => {
  it('groups by architecture alphabetically, then sorts by eps, leaving the input as it was', () => {
    expect(orderModels(zoo).map((m) => m.id)).toEqual(['m2', 'm4', 'm3', 'm1']);
    expect(zoo.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('follows a given architecture order and puts unknown architectures last', () => {
    expect(orderModels(zoo, ['vgg']).map((m) => m.id)).toEqual(['m3', 'm1', 'm2', 'm4']);
  });
});

describe('axis labels', () => {
  it('names architecture, norm of robust models, and eps', () => {
    expect(axisLabel(zoo[0]!)).toBe('vgg L2 ε=1');
    expect(axisLabel(zoo[1]!)).toBe('mlp ε=0');
  });

  it('adds the model name where two labels would read the same', () => {
    const twins = [
      { id: 'a', name: 'mlp-seed1', architectureId: 'mlp', eps: 0 },
      { id: 'b', name: 'mlp-seed2', architectureId: 'mlp', eps: 0 },
      { id: 'c', name: 'vgg', architectureId: 'vgg', eps: 0 },
    ];
    expect(uniqueAxisLabels(twins)).toEqual(['mlp ε=0 (mlp-seed1)', 'mlp ε=0 (mlp-seed2)', 'vgg ε=0']);
  });
});
