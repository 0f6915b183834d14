/**
 * ONNX Gemm (Y = alpha * A' B' + beta * C) and MatMul (numpy matmul semantics).
 */
import * as tf from '@tensorflow/tfjs-core';
import { broadcastShape } from '../host-tensor.js';
import { hostToTensor, logicalShape, tensorValue } from '../value.js';
import { type OpHandler, onnxInput, required, unsupported } from './op.js';

export const gemm: OpHandler = (inputs, ctx) => {
  const a = onnxInput(inputs, 0, ctx); // [m, k] (or [k, m] with transA)
  const bv = required(inputs, 1, ctx);
  const alpha = ctx.attrs.float('alpha', 1);
  const beta = ctx.attrs.float('beta', 1);
  const transA = ctx.attrs.int('transA', 0) === 1;
  const transB = ctx.attrs.int('transB', 0) === 1;
  if (a.rank !== 2 || logicalShape(bv).length !== 2) {
    throw unsupported(ctx, `has inputs of rank ${a.rank} and ${logicalShape(bv).length} (Gemm needs rank 2)`);
  }
  // A constant B is stored once as alpha * B' ([k, n]); PyTorch's Linear exports transB = 1, W [n, k].
  const b =
    bv.kind === 'host'
      ? ctx.constants.get(bv.host, `gemm-b:${alpha}:${transB}`, (h) => {
          const w = hostToTensor(h);
          return tf.mul(transB ? tf.transpose(w) : w, alpha);
        })
      : tf.mul(transB ? tf.transpose(onnxInput(inputs, 1, ctx)) : onnxInput(inputs, 1, ctx), alpha);
  const cv = inputs[2];
  const bias =
    cv === undefined || beta === 0
      ? undefined
      : cv.kind === 'host'
        ? ctx.constants.get(cv.host, `gemm-c:${beta}`, (h) => tf.mul(hostToTensor(h), beta))
        : tf.mul(onnxInput(inputs, 2, ctx), beta);
  // Plain matMul and add: the fused op's gradient (a customGrad) would also compute the weight gradient.
  const y = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, transA);
  return [tensorValue(bias ? tf.add(y, bias) : y)];
};

export const matMul: OpHandler = (inputs, ctx) => {
  const a0 = onnxInput(inputs, 0, ctx);
  const b0 = onnxInput(inputs, 1, ctx);
  // numpy: a 1-D operand gains a unit axis (prepended for a, appended for b), removed from the result.
  const a = a0.rank === 1 ? tf.expandDims(a0, 0) : a0;
  const b = b0.rank === 1 ? tf.expandDims(b0, 1) : b0;
  let y: tf.Tensor;
  if (a.rank === 2 && b.rank === 2) {
    y = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
  } else {
    // Leading (batch) axes broadcast; made explicit, as TF.js batch matmul wants equal batch shapes.
    const batch = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    if (!batch) {
      throw unsupported(
        ctx,
        `multiplies [${a0.shape.join(', ')}] by [${b0.shape.join(', ')}] (batch axes do not broadcast)`,
      );
    }
    const expand = (t: tf.Tensor) => {
      const padded = [...Array<number>(batch.length + 2 - t.rank).fill(1), ...t.shape];
      return tf.broadcastTo(tf.reshape(t, padded), [...batch, ...t.shape.slice(-2)]);
    };
    y = tf.matMul(expand(a), expand(b));
  }
  if (a0.rank === 1) y = tf.squeeze(y, [y.rank - 2]);
  if (b0.rank === 1) y = tf.squeeze(y, [y.rank - 1]);
  return [tensorValue(y)];
};
