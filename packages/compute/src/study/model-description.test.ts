import { describe, expect, it } from 'vitest';
import type { ModelCard } from '../models/model-card.js';
import { describeStudyModel } from './model-description.js';

const metadata = {
  format: 'tfjs-layers' as const,
  name: 'mlp',
  inputShape: [28, 28, 1] as [number, number, number],
  classes: 10,
  parameterCount: 55050,
};
const grid = [
  { eps: 0, accuracy: 0.92 },
  { eps: 1, accuracy: 0.31 },
];
const card = {
  seed: 10001,
  replicate: 2,
  evaluation: { cleanAccuracy: 0.92, robustnessGrid: grid, gridAttack: { norm: 'l2' } },
} as unknown as ModelCard;

describe('describeStudyModel', () => {
  it("takes seed, replicate, clean accuracy and the grid from the card, and the accuracy at the study's eps", () => {
    expect(describeStudyModel({ metadata, card }, 1)).toEqual({
      metadata,
      seed: 10001,
      replicate: 2,
      cleanAccuracy: 0.92,
      robustAccuracy: 0.31,
      robustnessGrid: grid,
    });
    // An eps the grid lacks gives no robust accuracy; the rest stays.
    expect(describeStudyModel({ metadata, card }, 0.5)).not.toHaveProperty('robustAccuracy');
  });

  it('describes a model without a card (imported ONNX) by its metadata only', () => {
    expect(describeStudyModel({ metadata }, 1)).toEqual({ metadata });
    const older = {
      ...card,
      replicate: undefined,
      evaluation: { cleanAccuracy: 0.9 },
    } as unknown as ModelCard;
    expect(describeStudyModel({ card: older }, 1)).toEqual({ seed: 10001, cleanAccuracy: 0.9 });
  });
});
