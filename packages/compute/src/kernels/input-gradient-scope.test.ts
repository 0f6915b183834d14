import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers the gradient functions
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { architectures } from '../models/registry.js';
import { createRepresentationModel } from '../models/representation.js';
import { installInputGradientScope, withInputGradientScope } from './input-gradient-scope.js';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

/** max |a - b| / max(1, max |a|). */
function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  const [x, y] = [a.dataSync(), b.dataSync()];
  expect(x.length).toBe(y.length);
  let err = 0;
  let scale = 1;
  for (let i = 0; i < x.length; i++) {
    err = Math.max(err, Math.abs(x[i]! - y[i]!));
    scale = Math.max(scale, Math.abs(x[i]!));
  }
  return err / scale;
}

/** Gradients of sum(f(inputs) * w) with respect to every input, with and without the scope. */
function gradientsBothWays(f: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], seed: number) {
  const loss = (...xs: tf.Tensor[]) => {
    const y = f(...xs);
    return tf.sum(tf.mul(y, random(y.shape, seed)));
  };
  const stock = tf.grads(loss)(inputs);
  const fused = withInputGradientScope(() => tf.grads(loss)(inputs));
  return { stock, fused };
}

describe('withInputGradientScope', () => {
  it('routes tfjs-core fused ops through the scope (Node loads tfjs-core as CommonJS)', () => {
    expect(installInputGradientScope()).toBe(true);
  });

  const convCases = [
    { activation: 'relu', pad: 'valid', strides: 1, bias: true },
    { activation: 'relu', pad: 'same', strides: 2, bias: true },
    { activation: 'linear', pad: 'same', strides: 1, bias: false },
    { activation: 'linear', pad: 'valid', strides: 2, bias: true },
  ] as const;
  for (const c of convCases) {
    it(`conv2d (${c.activation}, ${c.pad}, stride ${c.strides}, bias ${c.bias}): every gradient as the stock op`, () => {
      tf.tidy(() => {
        const x = random([3, 9, 9, 4], 1);
        const filter = random([3, 3, 4, 8], 2);
        const bias = random([8], 3);
        const f = (xi: tf.Tensor, w: tf.Tensor, b?: tf.Tensor) =>
          tf.fused.conv2d({
            x: xi as tf.Tensor4D,
            filter: w as tf.Tensor4D,
            strides: c.strides,
            pad: c.pad,
            bias: b,
            activation: c.activation,
          });
        const inputs = c.bias ? [x, filter, bias] : [x, filter];
        const { stock, fused } = gradientsBothWays(f, inputs, 4);
        inputs.forEach((_, i) => {
          expect(relativeError(stock[i]!, fused[i]!)).toBeLessThan(1e-5);
        });
      });
    });
  }

  for (const activation of ['relu', 'linear'] as const) {
    it(`matMul (${activation}, bias): every gradient as the stock op`, () => {
      tf.tidy(() => {
        const a = random([5, 7], 5);
        const b = random([7, 6], 6);
        const bias = random([6], 7);
        const f = (x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
          tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: c, activation });
        const { stock, fused } = gradientsBothWays(f, [a, b, bias], 8);
        for (let i = 0; i < 3; i++) expect(relativeError(stock[i]!, fused[i]!)).toBeLessThan(1e-5);
      });
    });
  }

  it('runs one fused kernel forward and no filter gradient when only the input gradient is asked for', async () => {
    const filter = tf.variable(random([3, 3, 2, 4], 9)) as tf.Variable<tf.Rank.R4>;
    const bias = tf.variable(random([4], 10));
    const x = random([2, 6, 6, 2], 11);
    const f = (v: tf.Tensor) =>
      tf.sum(
        tf.fused.conv2d({ x: v as tf.Tensor4D, filter, bias, strides: 1, pad: 'same', activation: 'linear' }),
      );
    const kernels = async (scoped: boolean) => {
      const info = await tf.profile(() => {
        const g = scoped ? withInputGradientScope(() => tf.grad(f)(x)) : tf.grad(f)(x);
        g.dispose();
      });
      return info.kernels.map((k) => k.name);
    };
    expect(await kernels(false)).toContain('Conv2DBackpropFilter'); // stock: computed and thrown away
    const scoped = await kernels(true);
    expect(scoped).not.toContain('Conv2DBackpropFilter');
    expect(scoped.filter((k) => k === 'FusedConv2D')).toHaveLength(1);
    tf.dispose([filter, bias, x]);
  });

  it('gives the Relu kernel the masking gradient inside the scope only, with the same values', () => {
    tf.tidy(() => {
      const x = random([4, 33], 12);
      const { stock, fused } = gradientsBothWays((v) => tf.relu(v), [x], 13);
      expect(relativeError(stock[0]!, fused[0]!)).toBe(0);
    });
  });

  // Every zoo architecture (conv, dense, batch norm, depthwise, layer norm, gelu, residual adds): the input
  // gradient of its representation with the scope equals the one without, to float32 rounding.
  for (const architecture of architectures) {
    it(`gives ${architecture.id}'s representation the same value and input gradient`, () => {
      const model = architecture.build([16, 16, 1], 10, 3);
      tf.tidy(() => {
        const rep = createRepresentationModel(model);
        const x = tf.randomUniform([3, 16, 16, 1], 0, 1, 'float32', 14);
        const w = random([3, rep.dim], 15);
        const f = (v: tf.Tensor) => tf.sum(tf.mul(rep.represent(v), w));
        const plain = tf.valueAndGrad(f)(x);
        const scoped = withInputGradientScope(() => tf.valueAndGrad(f)(x));
        // Relative to the largest value: an untrained MobileNet's gradients are ~1e-5.
        const scale = tf.max(tf.abs(plain.grad)).dataSync()[0]!;
        expect(tf.max(tf.abs(tf.sub(plain.grad, scoped.grad))).dataSync()[0]! / scale).toBeLessThan(1e-4);
        const [v0, v1] = [plain.value.dataSync()[0]!, scoped.value.dataSync()[0]!];
        expect(Math.abs(v0 - v1)).toBeLessThan(1e-4 * Math.abs(v0));
      });
      model.dispose();
    });
  }
});
