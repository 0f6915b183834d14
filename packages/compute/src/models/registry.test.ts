import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { subsetDataset } from '../data/dataset.js';
import { loadMnist } from '../data/mnist.js';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import { trainModel } from '../train/train-model.js';
import { LOGITS_LAYER, REPRESENTATION_LAYER } from './architecture.js';
import { architectures, countParameters, getArchitecture } from './registry.js';

/** Parameter counts on 28x28x1 with 10 classes, as documented in each family's file and registry.ts. */
const DOCUMENTED = {
  mlp: 55_050,
  lenet: 61_706,
  vgg: 37_186,
  resnet: 78_426,
  mobilenet: 38_346,
  mixer: 41_964,
};

beforeAll(async () => {
  await initBackend();
});

/** The input of the final Dense layer, as its own model (SPEC §2). */
function representationOf(model: tfl.LayersModel): tfl.LayersModel {
  return tfl.model({
    inputs: model.inputs,
    outputs: model.getLayer(LOGITS_LAYER).input as tfl.SymbolicTensor,
  });
}

function weightsOf(model: tfl.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

describe('architecture zoo', () => {
  it('lists six families with unique ids', () => {
    expect(architectures.map((a) => a.id)).toEqual(Object.keys(DOCUMENTED));
  });

  it.each(architectures.map((a) => [a.id, a] as const))(
    '%s builds with its documented size, trains one step and exposes its representation',
    async (id, architecture) => {
      const model = architecture.build([28, 28, 1], 10, 0);
      expect(countParameters(model)).toBe(DOCUMENTED[id as keyof typeof DOCUMENTED]);
      expect(countParameters(model)).toBe(model.countParams());
      const logits = model.getLayer(LOGITS_LAYER);
      expect(logits.getClassName()).toBe('Dense');
      expect(model.layers.at(-1)).toBe(logits);
      // The layer named 'representation' is the one that feeds the logits.
      expect(model.getLayer(LOGITS_LAYER).input).toBe(model.getLayer(REPRESENTATION_LAYER).output);

      const data = subsetDataset(
        loadMnist(),
        Int32Array.from({ length: 16 }, (_, i) => i),
      );
      const before = weightsOf(model);
      const result = await trainModel(model, data, { epochs: 1, batchSize: 16 });
      expect(Number.isFinite(result.history[0]!.loss)).toBe(true);
      const after = weightsOf(model);
      expect(after.some((w, i) => w.some((v, j) => v !== before[i]![j]))).toBe(true);

      const x = tf.randomUniform([3, 28, 28, 1]);
      const rep = representationOf(model).predict(x) as tf.Tensor;
      expect(rep.shape).toEqual([3, architecture.representationSize]);
      expect((model.predict(x) as tf.Tensor).shape).toEqual([3, 10]);
      tf.dispose([x, rep]);
      model.dispose();
    },
  );

  it.each(architectures.map((a) => [a.id, a] as const))(
    '%s builds the same weights from the same seed and different ones from another',
    (_, architecture) => {
      // Seed 0 too: TF.js reads a seed of 0 as none (seeded-init.ts sends -1).
      const models = [1, 1, 2, 0, 0].map((seed) => architecture.build([28, 28, 1], 10, seed));
      const [wa, wb, wc, w0, w0again] = models.map(weightsOf);
      expect(wa).toEqual(wb);
      expect(wa).not.toEqual(wc);
      expect(w0).toEqual(w0again);
      for (const m of models) m.dispose();
    },
  );

  it.each(architectures.map((a) => [a.id, a] as const))(
    '%s accepts 32x32x3 and its minimum input size, with the same representation size',
    (_, architecture) => {
      for (const shape of [
        [32, 32, 3],
        [architecture.minInputSize, architecture.minInputSize, 1],
      ] as [number, number, number][]) {
        const model = architecture.build(shape, 5, 0);
        const x = tf.zeros([2, ...shape]);
        const rep = representationOf(model).predict(x) as tf.Tensor;
        expect(rep.shape).toEqual([2, architecture.representationSize]);
        tf.dispose([x, rep]);
        model.dispose();
      }
    },
  );

  it('refuses unknown ids, too-small inputs, one class and bad seeds with the values quoted', () => {
    expect(() => getArchitecture('alexnet')).toThrow(NotFoundError);
    expect(() => getArchitecture('alexnet')).toThrow(/alexnet.*mlp, lenet/);
    expect(() => getArchitecture('lenet').build([8, 8, 1], 10, 0)).toThrow(/8x8x1 is too small.*12/);
    expect(() => getArchitecture('mlp').build([28, 28, 1], 1, 0)).toThrow(InvalidArgumentError);
    expect(() => getArchitecture('mlp').build([28, 28, 1], 10, -1)).toThrow(/seed -1/);
  });
});
