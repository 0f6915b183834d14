/**
 * Softmax and LogSoftmax (axis semantics of opset 13, and the 2-D coercion before it) and ReduceMean, ReduceSum,
 * ReduceMax.
 */
import * as tf from '@tensorflow/tfjs-core';
import { asOnnx, logicalShape, tensorValue, type Value } from '../value.js';
import { normaliseAxis, type OpContext, type OpHandler, onnxInput, optionalHost, required } from './op.js';

function softmaxLike(last: (x: tf.Tensor) => tf.Tensor): OpHandler {
  return (inputs, ctx) => {
    const x = onnxInput(inputs, 0, ctx);
    if (ctx.opset < 13) {
      // Before opset 13 the input is coerced to 2-D [prod(:axis), prod(axis:)] and normalised per row.
      const axis = normaliseAxis(ctx.attrs.int('axis', 1), x.rank, ctx);
      const rows = x.shape.slice(0, axis).reduce((p, d) => p * d, 1);
      return [tensorValue(tf.reshape(last(tf.reshape(x, [rows, -1])), x.shape))];
    }
    const axis = normaliseAxis(ctx.attrs.int('axis', -1), x.rank, ctx);
    if (axis === x.rank - 1) return [tensorValue(last(x))];
    // Move the axis last, normalise, move it back.
    const perm = [...Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== axis), axis];
    const back = perm.map((_, i) => perm.indexOf(i));
    return [tensorValue(tf.transpose(last(tf.transpose(x, perm)), back))];
  };
}

export const softmax = softmaxLike((x) => tf.softmax(x));
export const logSoftmax = softmaxLike((x) => tf.logSoftmax(x));

function reduce(f: (x: tf.Tensor, axes: number[], keep: boolean) => tf.Tensor): OpHandler {
  return (inputs, ctx) => {
    const v = required(inputs, 0, ctx);
    const rank = logicalShape(v).length;
    const keep = ctx.attrs.int('keepdims', 1) === 1;
    const given = reduceAxes(inputs, ctx);
    if (given === undefined && ctx.attrs.int('noop_with_empty_axes', 0) === 1) return [v];
    const axes = (given ?? Array.from({ length: rank }, (_, i) => i)).map((a) => normaliseAxis(a, rank, ctx));
    if (v.kind === 'tensor' && v.nhwc) {
      // Reduce the stored NHWC tensor directly when the result's axis order is the same in both layouts:
      // always with keepdims; without, when the channel axis goes or both spatial axes go (global pooling).
      const set = new Set(axes);
      if (keep || set.has(1) || (set.has(2) && set.has(3))) {
        const stored = axes.map((a) => [0, 3, 1, 2][a]!);
        return [tensorValue(f(v.tensor, stored, keep), keep)];
      }
    }
    return [tensorValue(f(asOnnx(v, ctx.constants), axes, keep))];
  };
}

/** Axes as an attribute (ReduceSum before opset 13, the others before 18) or as input 1. */
function reduceAxes(inputs: (Value | undefined)[], ctx: OpContext): number[] | undefined {
  const fromInput = ctx.node.opType === 'ReduceSum' ? ctx.opset >= 13 : ctx.opset >= 18;
  if (!fromInput) return ctx.attrs.ints('axes');
  const axes = optionalHost(inputs, 1, ctx);
  return axes && axes.data.length > 0 ? Array.from(axes.data) : undefined;
}

export const reduceMean = reduce((x, axes, keep) => tf.mean(x, axes, keep));
export const reduceSum = reduce((x, axes, keep) => tf.sum(x, axes, keep));
export const reduceMax = reduce((x, axes, keep) => tf.max(x, axes, keep));
