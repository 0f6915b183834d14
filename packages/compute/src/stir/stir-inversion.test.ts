import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadMnist } from '../data/mnist.js';
import { noiseImages } from '../invert/noise-seeds.js';
import { trainSmallCnn } from '../test-support/inversion-models.js';
import { invertForStir, stirFakeReluApplies } from './stir-inversion.js';
import { stirMatrix } from './stir-matrix.js';
import { resolveStirSettings, STIR_DEFAULTS } from './stir-settings.js';

beforeAll(async () => {
  await initBackend();
});

/**
 * 2x2 images -> r = relu(x W), W 4x2 (the representation) -> logits. The unit-1 column is mostly negative, so
 * at a noise seed unit 1 is off and only fake ReLU lets the gradient through it.
 */
const W = [
  [1, -1],
  [0.5, -1],
  [-0.5, -1],
  [1, 2],
];
function linearReluModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [2, 2, 1] }),
      tfl.layers.dense({ units: 2, activation: 'relu', useBias: false, name: 'representation' }),
      tfl.layers.dense({ units: 2, name: 'logits' }),
    ],
  });
  model.getLayer('representation').setWeights([tf.tensor2d(W)]);
  return model;
}

/** SPEC §4 for one sample with STIR's step, in float64: x <- clamp(x - 0.5 g / ||g||, 0, 1), g through fake ReLU. */
function handSteps(x0: number[], target: number[], steps: number): number[] {
  const pre = (x: number[]) => [0, 1].map((j) => x.reduce((s, v, i) => s + v * W[i]![j]!, 0));
  const rT = pre(target).map((v) => Math.max(0, v));
  const rTNorm = Math.hypot(...rT);
  let x = [...x0];
  for (let t = 0; t < steps; t++) {
    const d = pre(x).map((v, j) => Math.max(0, v) - rT[j]!); // rep(x) - r_t
    const dNorm = Math.hypot(...d);
    // d/dx ||relu(xW) - r_t|| / ||r_t|| with identity through the ReLU: W (d / ||d||) / ||r_t||
    const g = x.map((_, i) => (W[i]![0]! * d[0]! + W[i]![1]! * d[1]!) / (dNorm * rTNorm));
    const gNorm = Math.hypot(...g);
    x = x.map((v, i) => Math.min(1, Math.max(0, v - (0.5 * g[i]!) / gNorm)));
  }
  return x;
}

describe('invertForStir', () => {
  const target = { data: Float32Array.from([0.1, 0.2, 0.0, 0.9]), shape: [1, 2, 2, 1] as [1, 2, 2, 1] };

  it('steps by 0.5 along the normalised gradient, without momentum, through a fake ReLU (hand-computed)', async () => {
    const model = linearReluModel();
    const settings = resolveStirSettings({ noiseSeed: 5, inversion: { useBest: false } });
    const seed = Array.from(noiseImages([1, 2, 2, 1], { distribution: 'normal', seed: 5 }).data);
    // Precondition of the example: unit 1 is off at the seed but on at the target (a real ReLU would pass no gradient).
    expect(seed.reduce((s, v, i) => s + v * W[i]![1]!, 0)).toBeLessThan(0);
    for (const steps of [1, 2, 3]) {
      const result = await invertForStir(model, target, {
        settings: { ...settings, inversion: { ...settings.inversion, iterations: steps } },
      });
      expect(Array.from(result.seeds)).toEqual(seed.map(Math.fround));
      const expected = handSteps(seed, Array.from(target.data), steps);
      Array.from(result.images).forEach((v, i) => {
        expect(v).toBeCloseTo(expected[i]!, 5);
      });
    }
    // With the paper's momentum 0.9 the first step is 0.1 of the length: the check above would fail.
    const paper = await invertForStir(model, target, {
      settings: { ...settings, inversion: { ...settings.inversion, iterations: 1, momentum: 0.9 } },
    });
    expect(Math.abs(paper.images[0]! - handSteps(seed, Array.from(target.data), 1)[0]!)).toBeGreaterThan(
      1e-3,
    );
    model.dispose();
  });

  it('records STIR settings, and turns fake ReLU off for a representation without a final ReLU', async () => {
    const model = linearReluModel();
    const result = await invertForStir(model, target, {
      settings: resolveStirSettings({ inversion: { iterations: 3 } }),
    });
    expect(result.parameters).toEqual({
      ...STIR_DEFAULTS.inversion,
      iterations: 3,
      layer: 'representation',
      step: 'l2-momentum',
    });
    expect(result.parameters).toMatchObject({ stepSize: 0.5, momentum: 0, fakeRelu: true, useBest: true });
    const noRelu = await invertForStir(model, target, {
      settings: resolveStirSettings({ inversion: { iterations: 2 } }),
      layer: 'logits',
    });
    expect(stirFakeReluApplies(model, 'logits')).toBe(false);
    expect(noRelu.parameters.fakeRelu).toBe(false);
    model.dispose();
  });

  it('refuses settings out of range', () => {
    expect(() => resolveStirSettings({ noise: 'pink' as never })).toThrow(/STIR noise "pink" is unknown/);
    expect(() => resolveStirSettings({ inversion: { momentum: 1 } })).toThrow(
      /momentum 1 must be in \[0, 1\)/,
    );
    expect(() => resolveStirSettings({ noiseSeed: -1 })).toThrow(/noiseSeed -1/);
  });
});

describe('STIR on a trained CNN', () => {
  let model: tfl.LayersModel;
  afterAll(() => model?.dispose());

  it('STIR(m | m) is near 1, far above CKA with the noise it started from', async () => {
    const trained = trainSmallCnn(250);
    model = trained.model;
    expect(trained.accuracy).toBeGreaterThan(0.8);
    const n = 16;
    const natural = {
      data: loadMnist().images.slice(6000 * 784, (6000 + n) * 784), // not seen in training
      shape: [n, 28, 28, 1] as [number, number, number, number],
    };
    const settings = resolveStirSettings({ inversion: { iterations: 60 } });
    const inverted = await invertForStir(model, natural, { settings });
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(inverted.losses)).toBeLessThan(0.25 * mean(inverted.seedLosses));
    const [self, noise] = await Promise.all(
      [inverted.images, inverted.seeds].map((xPrime) =>
        stirMatrix(
          [
            { id: 'a', model },
            { id: 'b', model },
          ],
          natural.data,
          [xPrime, xPrime],
        ),
      ),
    );
    expect(self!.values[0]![0]).toBeGreaterThan(0.95);
    expect(noise!.values[0]![0]).toBeLessThan(self!.values[0]![0]! - 0.3);
  });
});
