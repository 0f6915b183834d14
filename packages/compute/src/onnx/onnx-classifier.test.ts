/**
 * An imported model wherever compute takes a model: its TF.js layers twin (same weights, built with tfjs-layers)
 * computes the same logits, representation and input gradient; inversion, PGD robust accuracy and CKA run on it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createCnnTwin } from '../bench/onnx-twin.js';
import { createDataset, type Dataset, subsetDataset } from '../data/dataset.js';
import { loadMnist } from '../data/mnist.js';
import { invertImages } from '../invert/invert-images.js';
import { createLayersClassifier } from '../models/layers-classifier.js';
import { createRepresentationModel } from '../models/representation.js';
import { linearCka } from '../similarity/linear-cka.js';
import { maxAbsDiff } from '../test-support/onnx-runtime.js';
import { robustAccuracy } from '../train/robust-accuracy.js';
import { loadOnnxModel, type OnnxModel } from './onnx-model.js';

const fixture = (name: string) => new URL(`./fixtures/${name}.onnx`, import.meta.url).pathname;
let cnn: OnnxModel;
let resnet: OnnxModel;
let twin: tfl.LayersModel;
let test: Dataset;

beforeAll(async () => {
  await initBackend();
  [cnn, resnet] = await Promise.all([loadOnnxModel(fixture('cnn')), loadOnnxModel(fixture('resnet'))]);
  twin = createCnnTwin(cnn);
  test = subsetDataset(
    loadMnist(),
    Int32Array.from({ length: 64 }, (_, i) => 9000 + i),
  );
});

afterAll(() => {
  cnn.dispose();
  resnet.dispose();
  twin.dispose();
});

const images = (count: number) => tf.tensor4d(test.images.slice(0, count * 784), [count, 28, 28, 1]);

describe('the ONNX CNN and its TF.js layers twin', () => {
  it('compute the same logits, representation and gradient of the inversion loss', () => {
    const x = images(16);
    const ours = createRepresentationModel(cnn);
    const theirs = createRepresentationModel(twin);
    const [ra, la] = ours.apply(x);
    const [rb, lb] = theirs.apply(x);
    expect(maxAbsDiff(la.dataSync(), lb.dataSync())).toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(ra.dataSync(), rb.dataSync())).toBeLessThanOrEqual(1e-4);
    const target = tf.reverse(ra, 0); // another image's representation
    const loss = (rep: typeof ours) => (v: tf.Tensor) =>
      tf.sum(tf.norm(tf.sub(rep.represent(v), target), 2, 1));
    const ga = tf.grad(loss(ours))(x);
    const gb = tf.grad(loss(theirs))(x);
    const scale = Math.max(...Array.from(gb.dataSync(), Math.abs));
    expect(maxAbsDiff(ga.dataSync(), gb.dataSync()) / scale).toBeLessThanOrEqual(1e-4);
    tf.dispose([x, ra, la, rb, lb, target, ga, gb]);
  });

  it('are the same model to CKA (1 to float precision) and the CNN and ResNet are not', async () => {
    const x = images(64);
    const [a, b, c] = [cnn, twin, resnet].map((m) => createRepresentationModel(m).represent(x));
    expect((await linearCka(a!, b!)).value).toBeCloseTo(1, 5);
    const across = (await linearCka(a!, c!)).value;
    expect(across).toBeGreaterThan(0.1);
    expect(across).toBeLessThan(0.99);
    tf.dispose([x, a, b, c]);
  });

  it('describe themselves alike through ClassifierModel', () => {
    const layers = createLayersClassifier(twin, { weightsHash: 'f'.repeat(64) });
    expect(layers.metadata).toMatchObject({ format: 'tfjs-layers', inputShape: [28, 28, 1], classes: 10 });
    expect(layers.metadata.representationLayer).toBe('representation');
    expect(layers.metadata.parameterCount).toBe(cnn.metadata.parameterCount);
  });
});

describe('an imported model in the compute pipelines', () => {
  it('is inverted by invertImages (SPEC §4) at its default layer', async () => {
    const x = test.images;
    const seeds = { data: x.slice(0, 4 * 784), shape: [4, 28, 28, 1] as [number, number, number, number] };
    const targets = { data: x.slice(4 * 784, 8 * 784), shape: seeds.shape };
    const result = await invertImages(resnet, seeds, targets, undefined, undefined, { iterations: 10 });
    expect(result.parameters.layer).toBe('/Flatten_output_0');
    for (const [i, loss] of result.losses.entries())
      expect(loss, `pair ${i}`).toBeLessThan(result.seedLosses[i]!);
  });

  it('is attacked by PGD: robust accuracy falls below clean accuracy, which equals its twin', async () => {
    const data = createDataset({ ...test, name: 'mnist-64' });
    const options = { norm: 'linf' as const, epsList: [0, 0.2], steps: 5, batchSize: 32 };
    const onnx = await robustAccuracy(cnn, data, options);
    const layers = await robustAccuracy(twin, data, options);
    expect(onnx.cleanAccuracy).toBe(layers.cleanAccuracy);
    expect(onnx.cleanAccuracy).toBeGreaterThan(0.8);
    expect(onnx.points[1]!.accuracy).toBeLessThan(onnx.cleanAccuracy - 0.2);
  });
});
