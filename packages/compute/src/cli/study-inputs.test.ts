import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDataset } from '../data/dataset.js';
import type { ModelCard } from '../models/model-card.js';
import type { StudyModelSpec } from '../study/study-models.js';
import { chooseImages, zooDataset } from './study-inputs.js';

const test = createDataset({
  name: 'fashion-mnist',
  source: 'memory',
  imageShape: [2, 2, 1],
  images: Float32Array.from({ length: 40 }, (_, i) => (i % 7) / 7),
  labels: Int32Array.from({ length: 10 }, (_, i) => i % 3),
  classNames: ['a', 'b', 'c'],
});
const ref = (name: string, hash: string, count = 10) => ({ name, hash, count });
/** A model of a zoo trained on another split and evaluated on `evaluation`. */
const spec = (evaluation: string, training = 'a'.repeat(64)): StudyModelSpec => ({
  id: 'm',
  card: {
    training: { dataset: ref('fashion-mnist-train[0:15000]', training, 15000) },
    evaluation: { dataset: ref('fashion-mnist-test[0:10000]', evaluation) },
  } as unknown as ModelCard,
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('chooseImages', () => {
  it("uses a whole split that is every model's evaluation set and none's training set", () => {
    const said: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => said.push(line));
    expect(chooseImages(test, undefined, [spec(test.hash), spec(test.hash)])).toBe(test);
    expect(said.join('\n')).toMatch(/every model's evaluation set, not its training \(fashion-mnist-train/);
  });

  it('warns when the cards name the split as training data, or not at all', () => {
    const said: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => said.push(line));
    chooseImages(test, undefined, [spec(test.hash, test.hash)]);
    chooseImages(test, undefined, [spec('b'.repeat(64))]);
    chooseImages(test, undefined, [{ id: 'onnx', dir: 'x.onnx', eps: 0 }]);
    expect(said.filter((l) => l.startsWith('warning: '))).toHaveLength(3);
  });
});

describe('zooDataset', () => {
  it("names the dataset the zoo's cards trained on", () => {
    expect(zooDataset([spec('c')])).toBe('fashion-mnist');
    expect(zooDataset([{ id: 'onnx', dir: 'x.onnx', eps: 0 }])).toBe('mnist');
  });
});
