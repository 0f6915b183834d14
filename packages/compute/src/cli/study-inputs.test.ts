import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import type { ModelCard } from '../models/model-card.js';
import type { StudyModelSpec } from '../study/study-models.js';
import { parseImageRange, zooDataset } from './study-inputs.js';

/** A model of a zoo trained on Fashion-MNIST's training split. */
const spec: StudyModelSpec = {
  id: 'm',
  card: {
    training: { dataset: { name: 'fashion-mnist-train[0:15000]', hash: 'a'.repeat(64), count: 15000 } },
  } as unknown as ModelCard,
};

describe('parseImageRange', () => {
  it('reads FROM:TO and refuses anything else', () => {
    expect(parseImageRange(undefined)).toBeUndefined();
    expect(parseImageRange('8000:10000')).toEqual({ from: 8000, to: 10000 });
    for (const bad of ['10:10', '5', '-1:3', 'a:b']) {
      expect(() => parseImageRange(bad)).toThrow(InvalidArgumentError);
    }
  });
});

describe('zooDataset', () => {
  it("names the dataset the zoo's cards trained on", () => {
    expect(zooDataset([spec])).toBe('fashion-mnist');
    expect(zooDataset([{ id: 'onnx', dir: 'x.onnx', eps: 0 }])).toBe('mnist');
  });
});
