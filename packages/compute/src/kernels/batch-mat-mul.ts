/**
 * BatchMatMul for the WASM backend that materialises transposed operands first. The stock kernel sends every
 * transposed (or batched) product to a blocked scalar loop (~1 GFLOP/s measured) and only the plain 2-D case
 * to XNNPACK (~21 GFLOP/s); dense-layer gradients are exactly the transposed cases (dx = dy W^T, dW = x^T dy).
 * Batched products (batch > 1) gain nothing from this and go straight to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { callKernel, type KernelArgs, type TypedKernelFunc, wasmKernel } from './wasm-kernel-context.js';

type Attrs = tf.BatchMatMulAttrs;

export function createBatchMatMul(stock: tf.KernelConfig): TypedKernelFunc<Attrs> {
  return ({ inputs, backend, attrs }: KernelArgs<Attrs>) => {
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
    const plain = !attrs.transposeA && !attrs.transposeB;
    if (plain || batchOf(a) !== 1 || batchOf(b) !== 1 || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return callKernel(stock, backend, inputs, attrs);
    }
    const transpose = wasmKernel('Transpose');
    const swapLast = (t: tf.TensorInfo) =>
      callKernel(transpose, backend, { x: t }, { perm: lastTwoSwapped(t.shape.length) });
    const a2 = attrs.transposeA ? swapLast(a) : a;
    const b2 = attrs.transposeB ? swapLast(b) : b;
    try {
      return callKernel(stock, backend, { a: a2, b: b2 }, { ...attrs, transposeA: false, transposeB: false });
    } finally {
      if (a2 !== a) backend.disposeData(a2.dataId);
      if (b2 !== b) backend.disposeData(b2.dataId);
    }
  };
}

function batchOf(t: tf.TensorInfo): number {
  return t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
}

function lastTwoSwapped(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return perm;
}
