// These kernels exist for the WASM backend only: register it before initBackend chooses one.
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers the gradient functions
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { fastKernelsInstalled, installFastKernels, uninstallFastKernels } from './install-fast-kernels.js';

/** Runs `f` once with the stock kernels and once with the fast ones; returns both results as arrays. */
function stockAndFast(f: () => tf.Tensor): [Float32Array, Float32Array] {
  uninstallFastKernels();
  const stock = tf.tidy(f);
  installFastKernels();
  const fast = tf.tidy(f);
  const out = [stock.dataSync() as Float32Array, fast.dataSync() as Float32Array] as [
    Float32Array,
    Float32Array,
  ];
  tf.dispose([stock, fast]);
  return out;
}

/** max |a - b| relative to max(1, max |a|). */
function relativeError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let err = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(a[i]!));
  }
  return err / scale;
}

type Shape4 = [number, number, number, number];

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  installFastKernels();
});
afterAll(() => installFastKernels());

describe('installFastKernels', () => {
  it('replaces the backward kernels on WASM and adds the missing Conv2DBackpropFilter', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(fastKernelsInstalled()).toEqual(
      expect.arrayContaining([
        'Conv2DBackpropInput',
        'Conv2DBackpropFilter',
        'MaxPoolGrad',
        'BatchMatMul',
        'Identity',
      ]),
    );
    uninstallFastKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    installFastKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });
});

describe('Conv2DBackpropInput', () => {
  const cases: Array<[string, Shape4, Shape4, number, 'same' | 'valid' | number]> = [
    ['3x3 valid, 1 input channel (col2im)', [2, 9, 9, 1], [3, 3, 1, 5], 1, 'valid'],
    ['3x3 valid, 12 input channels (flipped conv)', [2, 9, 8, 12], [3, 3, 12, 7], 1, 'valid'],
    ['3x3 same, 16 channels (Winograd)', [3, 7, 7, 16], [3, 3, 16, 4], 1, 'same'],
    ['3x3 valid, 32 -> 64 channels, odd sizes (Winograd)', [2, 13, 11, 32], [3, 3, 32, 64], 1, 'valid'],
    ['3x3 explicit pad 1 top/bottom (Winograd)', [1, 6, 9, 8], [3, 3, 8, 12], 1, 1],
    ['3x3 valid, 64 samples in two chunks (Winograd)', [64, 13, 13, 32], [3, 3, 32, 64], 1, 'valid'],
    ['5x5 same, 8 channels', [1, 10, 9, 8], [5, 5, 8, 3], 1, 'same'],
    ['4x4 same (uneven padding)', [2, 8, 8, 9], [4, 4, 9, 2], 1, 'same'],
    ['3x3 stride 2 same', [2, 11, 11, 10], [3, 3, 10, 6], 2, 'same'],
    ['3x3 stride 2 valid', [2, 10, 10, 3], [3, 3, 3, 6], 2, 'valid'],
    ['2x2 stride 2 explicit pad 1', [1, 6, 6, 8], [2, 2, 8, 5], 2, 1],
  ];
  it.each(cases)('equals the stock kernel: %s', (_, xShape, wShape, stride, pad) => {
    const x = random(xShape, 1) as tf.Tensor4D;
    const w = random(wShape, 2) as tf.Tensor4D;
    const dy = tf.tidy(() => random(tf.conv2d(x, w, stride, pad).shape, 3)) as tf.Tensor4D;
    const [stock, fast] = stockAndFast(() => tf.conv2dTranspose(dy, w, xShape, stride, pad));
    expect(relativeError(stock, fast)).toBeLessThan(1e-4);
    tf.dispose([x, w, dy]);
  });
});

describe('Conv2DBackpropFilter (absent from stock WASM)', () => {
  it.each([
    [[2, 9, 9, 1], [3, 3, 1, 4], 1, 'valid'],
    [[3, 8, 7, 5], [3, 3, 5, 6], 1, 'same'],
    [[2, 11, 11, 4], [3, 3, 4, 3], 2, 'same'],
    [[1, 6, 6, 2], [2, 2, 2, 3], 2, 'valid'],
  ] as Array<[Shape4, Shape4, number, 'same' | 'valid']>)(
    'equals the direct sum for x %j, filter %j',
    (xShape, wShape, stride, pad) => {
      const x = random(xShape, 4) as tf.Tensor4D;
      const info = tf.backend_util.computeConv2DInfo(xShape, wShape, stride, 1, pad);
      const dy = random(info.outShape, 5) as tf.Tensor4D;
      const dw = tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        {
          strides: stride,
          pad,
          dataFormat: 'NHWC',
          filterShape: wShape,
        },
      ) as tf.Tensor;
      const expected = directFilterGradient(
        x.dataSync() as Float32Array,
        dy.dataSync() as Float32Array,
        info,
      );
      expect(relativeError(expected, dw.dataSync() as Float32Array)).toBeLessThan(1e-4);
      tf.dispose([x, dy, dw]);
    },
  );

  it('trains: variableGrads through a conv layer gives the direct gradient on WASM', () => {
    const w = tf.variable(random([3, 3, 2, 4], 6));
    const x = random([2, 6, 6, 2], 7) as tf.Tensor4D;
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.square(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'))) as tf.Scalar,
      [w],
    );
    // d/dw sum(y^2) with y = conv(x, w) is the filter gradient for dy = 2y.
    const y = tf.conv2d(x, w as tf.Tensor4D, 1, 'same');
    const info = tf.backend_util.computeConv2DInfo([2, 6, 6, 2], [3, 3, 2, 4], 1, 1, 'same');
    const dy = Float32Array.from(y.dataSync(), (v) => 2 * v);
    const expected = directFilterGradient(x.dataSync() as Float32Array, dy, info);
    expect(grads[w.name]!.shape).toEqual([3, 3, 2, 4]);
    expect(relativeError(expected, grads[w.name]!.dataSync() as Float32Array)).toBeLessThan(1e-4);
    tf.dispose([w, x, y, ...Object.values(grads)]);
  });
});

describe('MaxPoolGrad', () => {
  it.each([
    ['2x2 stride 2 valid', [2, 8, 8, 3], 2, 2, 'valid'],
    ['3x3 stride 2 same (overlapping)', [2, 9, 9, 4], 3, 2, 'same'],
    ['2x2 stride 1 valid (overlapping)', [1, 5, 6, 2], 2, 1, 'valid'],
    ['2x2 stride 2 on odd sizes', [2, 7, 9, 5], 2, 2, 'valid'],
    ['3x3 stride 3 valid (non-overlapping, not 2x2)', [2, 9, 10, 3], 3, 3, 'valid'],
    ['2x2 stride 2 same (padded)', [1, 7, 7, 2], 2, 2, 'same'],
  ] as Array<[string, number[], number, number, 'same' | 'valid']>)(
    'equals the stock kernel on positive inputs: %s',
    (_, shape, size, stride, pad) => {
      // Positive inputs: the stock kernel mishandles windows whose values are all <= 0 (see max-pool-grad.ts).
      const x = tf.tidy(() => tf.add(tf.abs(random(shape, 8)), 0.01)) as tf.Tensor4D;
      const dy = tf.tidy(() => random(tf.maxPool(x, size, stride, pad).shape, 9));
      const grad = () =>
        tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(v as tf.Tensor4D, size, stride, pad), dy)))(x);
      const [stock, fast] = stockAndFast(grad);
      expect(relativeError(stock, fast)).toBeLessThan(1e-6);
      tf.dispose([x, dy]);
    },
  );

  it('gives ties to the first maximum, lane by lane, on the SIMD path (4 channels)', () => {
    // Window values per channel (row-major): c0 ties at 0 and 1, c1 at 1 and 3, c2 at 2 and 3, c3 all equal.
    const windows = [
      [5, 5, 1, 0],
      [0, 7, 2, 7],
      [1, 0, 3, 3],
      [4, 4, 4, 4],
    ];
    const values = [0, 1, 2, 3].flatMap((k) => windows.map((w) => w[k]!)); // NHWC: position-major
    const x = tf.tensor4d(values, [1, 2, 2, 4]);
    const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid')))(x);
    const got = Array.from(dx.dataSync());
    const perChannel = [0, 1, 2, 3].map((c) => [0, 1, 2, 3].map((k) => got[k * 4 + c]));
    expect(perChannel).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [1, 0, 0, 0],
    ]);
    tf.dispose([x, dx]);
  });

  it('sends the gradient of an all-negative window to its maximum (the stock kernel drops it)', () => {
    const x = tf.tensor4d([-3, -1, -2, -4], [1, 2, 2, 1]);
    const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.maxPool(v as tf.Tensor4D, 2, 2, 'valid')))(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 1, 0, 0]);
    tf.dispose([x, dx]);
  });

  it.each([
    ['2x2 window', [0, 2, 2, 1], 2, [0, 1, 0, 0]],
    ['3x3 window', [0, 1, 0, 3, 0, 3, 0, 3, 0], 3, [0, 0, 0, 1, 0, 0, 0, 0, 0]],
    [
      '3x3 window, stride 1 on 3x4 (general path)',
      [0, 1, 0, 3, 0, 3, 0, 3, 0, 0, 0, 0],
      3,
      [0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0],
    ],
  ] as Array<[string, number[], number, number[]]>)(
    'gives ties to the first maximum in row-major order (%s)',
    (_, values, size, expected) => {
      const wide = values.length === 12;
      const x = tf.tensor4d(values, wide ? [1, 3, 4, 1] : [1, size, size, 1]);
      const dx = tf.grad((v: tf.Tensor) =>
        tf.sum(tf.maxPool(v as tf.Tensor4D, size, wide ? 1 : size, 'valid')),
      )(x);
      expect(Array.from(dx.dataSync())).toEqual(expected);
      tf.dispose([x, dx]);
    },
  );
});

describe('BatchMatMul with transposed operands', () => {
  // [a shape, b shape, transposeA, transposeB]: a b^T multiplies by b^T kept with b (derived-tensors.ts); the
  // others directly or as (op(b)^T op(a)^T)^T (a small left operand against a large right one).
  it.each([
    [[23, 37], [19, 37], false, true],
    [[37, 23], [37, 19], true, false],
    [[37, 23], [19, 37], true, true],
    [[4, 30], [200, 30], false, true],
    [[30, 4], [200, 30], true, true],
    [[1, 4, 30], [1, 200, 30], false, true],
  ] as Array<[number[], number[], boolean, boolean]>)(
    'equals the stock kernel for a %j, b %j, transposeA=%s transposeB=%s',
    (aShape, bShape, ta, tb) => {
      const a = random(aShape, 10);
      const b = random(bShape, 11);
      const [stock, fast] = stockAndFast(() => tf.matMul(a, b, ta, tb));
      expect(relativeError(stock, fast)).toBeLessThan(1e-5);
      tf.dispose([a, b]);
    },
  );
});

describe('Identity and Cast share data', () => {
  it('returns equal values and frees the memory only when both tensors are disposed', () => {
    const before = tf.memory().numBytes;
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    const z = tf.cast(x, 'float32');
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(z.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([y, z]);
    expect(tf.memory().numBytes).toBe(before);
  });

  it('still converts between dtypes', () => {
    const x = tf.tensor1d([1.7, -2.2]);
    const y = tf.cast(x, 'int32');
    expect(Array.from(y.dataSync())).toEqual([1, -2]);
    tf.dispose([x, y]);
  });
});

/** dW[kh, kw, ci, co] = sum over n, r, q of x[n, r*s + kh - top, q*s + kw - left, ci] * dy[n, r, q, co]. */
function directFilterGradient(
  x: Float32Array,
  dy: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const {
    batchSize: B,
    inHeight: H,
    inWidth: W,
    inChannels: C,
    outHeight: OH,
    outWidth: OW,
    outChannels: CO,
  } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = info;
  const dw = new Float32Array(FH * FW * C * CO);
  for (let kh = 0; kh < FH; kh++)
    for (let kw = 0; kw < FW; kw++)
      for (let ci = 0; ci < C; ci++)
        for (let co = 0; co < CO; co++) {
          let sum = 0;
          for (let n = 0; n < B; n++)
            for (let r = 0; r < OH; r++)
              for (let q = 0; q < OW; q++) {
                const i = r * SH + kh - info.padInfo.top;
                const j = q * SW + kw - info.padInfo.left;
                if (i < 0 || i >= H || j < 0 || j >= W) continue;
                sum += x[((n * H + i) * W + j) * C + ci]! * dy[((n * OH + r) * OW + q) * CO + co]!;
              }
          dw[((kh * FW + kw) * C + ci) * CO + co] = sum;
        }
  return dw;
}
