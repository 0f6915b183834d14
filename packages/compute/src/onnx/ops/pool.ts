/**
 * ONNX MaxPool, AveragePool (count_include_pad), GlobalAveragePool and GlobalMaxPool on NHWC tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { asNhwc, logicalShape, tensorValue } from '../value.js';
import { type OpContext, type OpHandler, required, unsupported } from './op.js';
import { explicitPadding, hasPadding, readWindow, type Window } from './spatial.js';

/** The lowest float32: padding for max pooling that never wins a window (and never makes inf * 0 = NaN). */
const LOWEST = -3.4028234663852886e38;

function poolInput(inputs: Parameters<OpHandler>[0], ctx: OpContext): { x: tf.Tensor4D; window: Window } {
  const xv = required(inputs, 0, ctx);
  const rank = logicalShape(xv).length;
  if (rank !== 4) throw unsupported(ctx, `has a rank-${rank} input (only 2-D pooling of NCHW inputs)`);
  const kernel = ctx.attrs.ints('kernel_shape');
  if (kernel?.length !== 2) throw unsupported(ctx, `has kernel_shape [${kernel?.join(', ') ?? ''}]`);
  const x = asNhwc(xv, ctx.constants);
  const window = readWindow(ctx, x.shape, [kernel[0]!, kernel[1]!]);
  if (window.dilations.some((d) => d !== 1)) {
    throw unsupported(ctx, `has dilations [${window.dilations.join(', ')}]`);
  }
  return { x, window: withCeilMode(ctx, x.shape, window) };
}

/**
 * ceil_mode = 1 adds output rows/columns for windows that start inside the (begin-padded) input but run past its
 * end (PyTorch's rule); here as extra end padding. Average pooling supports it only when it adds nothing.
 */
function withCeilMode(ctx: OpContext, shape: number[], w: Window): Window {
  if (ctx.attrs.int('ceil_mode', 0) === 0) return w;
  const extra = (axis: 0 | 1) => {
    const size = shape[axis + 1]! + w.pads[axis] + w.pads[axis + 2]!;
    const floor = Math.floor((size - w.kernel[axis]) / w.strides[axis]) + 1;
    let ceil = Math.ceil((size - w.kernel[axis]) / w.strides[axis]) + 1;
    if ((ceil - 1) * w.strides[axis] >= shape[axis + 1]! + w.pads[axis]) ceil--;
    return (ceil - floor) * w.strides[axis];
  };
  const [eh, ew] = [extra(0), extra(1)];
  if (eh === 0 && ew === 0) return w;
  if (ctx.node.opType !== 'MaxPool') throw unsupported(ctx, 'has ceil_mode 1 that changes the output size');
  return { ...w, pads: [w.pads[0], w.pads[1], w.pads[2] + eh, w.pads[3] + ew] };
}

export const maxPool: OpHandler = (inputs, ctx) => {
  const { x, window } = poolInput(inputs, ctx);
  const padded = hasPadding(window) ? tf.pad(x, explicitPadding(window), LOWEST) : x;
  return [tensorValue(tf.maxPool(padded, window.kernel, window.strides, 'valid'), true)];
};

export const averagePool: OpHandler = (inputs, ctx) => {
  const { x, window } = poolInput(inputs, ctx);
  const { kernel, strides } = window;
  if (!hasPadding(window)) return [tensorValue(tf.avgPool(x, kernel, strides, 'valid'), true)];
  const padding = explicitPadding(window);
  const means = tf.avgPool(tf.pad(x, padding), kernel, strides, 'valid'); // pads counted as zeros
  if (ctx.attrs.int('count_include_pad', 0) === 1) return [tensorValue(means, true)];
  // Divide by the number of real (unpadded) pixels in each window: the mean of a padded mask of ones.
  const [, h, w] = x.shape;
  const share = tf.avgPool(tf.pad(tf.ones([1, h, w, 1]), padding) as tf.Tensor4D, kernel, strides, 'valid');
  return [tensorValue(tf.div(means, share), true)];
};

export const globalAveragePool: OpHandler = (inputs, ctx) => {
  const xv = required(inputs, 0, ctx);
  if (logicalShape(xv).length !== 4) throw unsupported(ctx, 'has an input that is not rank-4 NCHW');
  return [tensorValue(tf.mean(asNhwc(xv, ctx.constants), [1, 2], true), true)]; // [n, 1, 1, c]
};

export const globalMaxPool: OpHandler = (inputs, ctx) => {
  const xv = required(inputs, 0, ctx);
  if (logicalShape(xv).length !== 4) throw unsupported(ctx, 'has an input that is not rank-4 NCHW');
  return [tensorValue(tf.max(asNhwc(xv, ctx.constants), [1, 2], true), true)];
};
