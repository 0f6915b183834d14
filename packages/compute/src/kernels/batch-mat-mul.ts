/**
 * BatchMatMul for the WASM backend without transposed operands. The stock kernel sends every transposed (or
 * batched) product to a blocked scalar loop (~1 GFLOP/s measured) and only the plain 2-D case to XNNPACK
 * (~21 GFLOP/s); dense-layer gradients are exactly the transposed cases (dx = dy W^T, dW = x^T dy).
 *
 * op(a) op(b) is computed either directly, transposing what must be, or as (op(b)^T op(a)^T)^T, whichever
 * moves fewer elements: XNNPACK packs the right operand on every call (unless it is a cached weight), so
 * dy W^T (W 1600x128) is 2.7x faster as (W dy^T)^T, which packs only dy^T (128x32).
 * a b^T (a dense layer's input gradient dy W^T) takes b^T from derived-tensors.ts: transposed once per b,
 * and packed once by XNNPACK, which caches its operator per right operand (measured 0.33 vs 0.92 ms for
 * [16, 128] x [1600, 128]^T).
 * Batched products (batch > 1) gain nothing from this and go straight to the stock kernel.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { derivedTensors } from './derived-tensors.js';
import { callKernel, type KernelArgs, type TypedKernelFunc, wasmKernel } from './wasm-kernel-context.js';

type Attrs = tf.BatchMatMulAttrs;

export function createBatchMatMul(stock: tf.KernelConfig): TypedKernelFunc<Attrs> {
  return ({ inputs, backend, attrs }: KernelArgs<Attrs>) => {
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
    const { transposeA: ta, transposeB: tb } = attrs;
    if (
      (!ta && !tb) ||
      batchOf(a) !== 1 ||
      batchOf(b) !== 1 ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32'
    ) {
      return callKernel(stock, backend, inputs, attrs);
    }
    const temporary: tf.TensorInfo[] = [];
    const transposeOnce = (t: tf.TensorInfo) =>
      callKernel(wasmKernel('Transpose'), backend, { x: t }, { perm: lastTwoSwapped(t.shape.length) });
    const transpose = (t: tf.TensorInfo) => {
      const out = transposeOnce(t);
      temporary.push(out);
      return out;
    };
    const plainProduct = (left: tf.TensorInfo, right: tf.TensorInfo) => {
      const out = callKernel(
        stock,
        backend,
        { a: left, b: right },
        { ...attrs, transposeA: false, transposeB: false },
      );
      return out;
    };
    // op(a): [m, k], op(b): [k, n]
    const m = a.shape.at(ta ? -1 : -2)!;
    const k = a.shape.at(ta ? -2 : -1)!;
    const n = b.shape.at(tb ? -2 : -1)!;
    const direct = (ta ? m * k : 0) + (tb ? n * k : 0) + n * k; // transposes + packing op(b)
    const swapped = (tb ? 0 : n * k) + (ta ? 0 : m * k) + m * k + m * n; // transposes + packing op(a)^T + out^T
    try {
      if (tb && !ta) {
        // a W^T, W most often a weight (a dense layer's input gradient): W^T is made once and kept with W.
        const [bT] = derivedTensors(backend, b, `transposed ${b.shape}`, () => [transposeOnce(b)]);
        return plainProduct(a, bT!);
      }
      if (direct <= swapped) return plainProduct(ta ? transpose(a) : a, tb ? transpose(b) : b);
      const outT = plainProduct(tb ? b : transpose(b), ta ? a : transpose(a)); // op(b)^T op(a)^T = (op(a) op(b))^T
      temporary.push(outT);
      const out = callKernel(
        wasmKernel('Transpose'),
        backend,
        { x: outT },
        { perm: lastTwoSwapped(outT.shape.length) },
      );
      return out;
    } finally {
      for (const t of temporary) backend.disposeData(t.dataId);
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
