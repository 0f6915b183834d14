import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import type { Dataset } from '../data/dataset.js';
import { InvalidArgumentError } from '../errors.js';
import { buildMlp } from '../models/mlp.js';
import { robustAccuracy } from './robust-accuracy.js';
import { mnistSplit } from './test-fixtures.js';
import { trainToPlateau } from './train-to-plateau.js';

let train: Dataset;
let validation: Dataset;

beforeAll(async () => {
  await initBackend();
  ({ train, test: validation } = mnistSplit(512, 200));
});

const mlp = () => buildMlp({ inputShape: [28, 28, 1], classes: 10, seed: 3 });
const weightsOf = (model: tfl.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('trainToPlateau', () => {
  it('stops once the validation score has not improved for `patience` epochs and keeps the best epoch', async () => {
    const model = mlp();
    // A learning rate this high makes the score wander after the first epochs, so patience runs out.
    const result = await trainToPlateau(model, train, validation, {
      batchSize: 64,
      learningRate: 0.05,
      seed: 1,
      plateau: { maxEpochs: 12, patience: 2, minDelta: 0 },
    });
    const { earlyStopping: es } = result;
    expect(es.history.map((p) => p.epoch)).toEqual(Array.from({ length: es.epochsRun }, (_, i) => i + 1));
    const best = es.history.find((p) => p.epoch === es.bestEpoch)!;
    expect(best.score).toBe(Math.max(...es.history.map((p) => p.score)));
    // The first epoch reaching the maximum is kept (later ties are not improvements).
    expect(es.history.findIndex((p) => p.score === best.score) + 1).toBe(es.bestEpoch);
    expect(es.stoppedBy).toBe('plateau');
    expect(es.epochsRun).toBe(es.bestEpoch + 2);
    // The weights in the model are the best epoch's: scoring them again reproduces its validation accuracy.
    const again = await robustAccuracy(model, validation, { norm: 'l2', epsList: [0] });
    expect(again.cleanAccuracy).toBeCloseTo(best.cleanAccuracy, 10);
    expect(es.score).toBe('clean-accuracy');
    model.dispose();
  });

  it('runs every epoch up to maxEpochs when the score keeps rising, and says so', async () => {
    const model = mlp();
    const { earlyStopping: es, history } = await trainToPlateau(model, train, validation, {
      batchSize: 32,
      learningRate: 3e-3,
      plateau: { maxEpochs: 2, patience: 5 },
    });
    expect(history).toHaveLength(2);
    expect(es.stoppedBy).toBe('max-epochs');
    expect(es.validationCount).toBe(validation.count);
    model.dispose();
  });

  it('scores adversarial training by robust accuracy and never selects a warm-up epoch', async () => {
    const model = mlp();
    const before = weightsOf(model);
    const { earlyStopping: es } = await trainToPlateau(model, train, validation, {
      batchSize: 64,
      adversarial: { norm: 'l2', eps: 1, steps: 2, warmupEpochs: 1 },
      plateau: { maxEpochs: 2, patience: 3, attackSteps: 3, limit: 100 },
    });
    expect(es.score).toBe('robust-accuracy');
    expect(es.attackSteps).toBe(3);
    expect(es.validationCount).toBe(100);
    expect(es.bestEpoch).toBe(2);
    for (const point of es.history) {
      expect(point.robustAccuracy).toBeDefined();
      expect(point.robustAccuracy!).toBeLessThanOrEqual(point.cleanAccuracy);
    }
    expect(weightsOf(model)).not.toEqual(before);
    model.dispose();
  });

  it('leaks no tensors', async () => {
    const model = mlp();
    const before = tf.memory().numTensors;
    await trainToPlateau(model, train, validation, {
      learningRate: 0.05,
      plateau: { maxEpochs: 3, patience: 1, limit: 50 },
    });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('refuses bad plateau options with the value quoted', async () => {
    const model = mlp();
    const run = (plateau: Parameters<typeof trainToPlateau>[3]['plateau']) =>
      trainToPlateau(model, train, validation, { plateau });
    await expect(run({ maxEpochs: 0 })).rejects.toThrow(InvalidArgumentError);
    await expect(run({ maxEpochs: 2, patience: 0 })).rejects.toThrow(/patience 0/);
    await expect(run({ maxEpochs: 2, limit: 10_000 })).rejects.toThrow(/validation limit 10000/);
    model.dispose();
  });
});
