/**
 * ONNX BatchNormalization (inference: running statistics, SPEC §2) and LayerNormalization.
 */
import * as tf from '@tensorflow/tfjs-core';
import { asOnnx, logicalShape, tensorValue } from '../value.js';
import { hostInput, normaliseAxis, type OpHandler, onnxInput, required, unsupported } from './op.js';

/**
 * y = (x - mean) / sqrt(var + epsilon) * scale + B over channel axis 1, folded once per model into
 * y = x * a + b with a = scale / sqrt(var + epsilon), b = B - mean * a (computed in float64).
 */
export const batchNormalization: OpHandler = (inputs, ctx) => {
  if (ctx.attrs.int('training_mode', 0) === 1) {
    throw unsupported(ctx, 'runs in training mode (batch statistics); export the model in eval mode');
  }
  const xv = required(inputs, 0, ctx);
  const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => hostInput(inputs, i, ctx));
  const epsilon = ctx.attrs.float('epsilon', 1e-5);
  const channels = scale!.data.length;
  const a = new Float64Array(channels);
  const b = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    a[c] = scale!.data[c]! / Math.sqrt(variance!.data[c]! + epsilon);
    b[c] = bias!.data[c]! - mean!.data[c]! * a[c]!;
  }
  const shape = logicalShape(xv);
  // In the NHWC frame the channel is the last axis; in the ONNX layout it is axis 1, so [c, 1, ..., 1].
  const nhwc = xv.kind === 'tensor' && xv.nhwc;
  const tail =
    nhwc || shape.length === 2 ? [channels] : [channels, ...Array<number>(shape.length - 2).fill(1)];
  // Keyed by this node's output (unique in the graph): exporters share identical initializers between layers
  // (torch dedupes equal tensors), so the scale alone does not identify the folded pair.
  const key = `bn:${ctx.node.output?.[0]}:${tail.length}`;
  const factor = ctx.constants.get(scale!, key, () => tf.tensor(Float32Array.from(a), tail));
  const offset = ctx.constants.get(scale!, `${key}:offset`, () => tf.tensor(Float32Array.from(b), tail));
  const x = nhwc ? xv.tensor : asOnnx(xv, ctx.constants);
  return [tensorValue(tf.add(tf.mul(x, factor), offset), nhwc)];
};

/**
 * LayerNormalization (opset 17): normalise over axes axis..rank-1, then scale and shift. Mean and inverse
 * standard deviation outputs (for training) are not produced.
 */
export const layerNormalization: OpHandler = (inputs, ctx) => {
  const x = onnxInput(inputs, 0, ctx);
  const axis = normaliseAxis(ctx.attrs.int('axis', -1), x.rank, ctx);
  const epsilon = ctx.attrs.float('epsilon', 1e-5);
  const axes = Array.from({ length: x.rank - axis }, (_, i) => axis + i);
  const mean = tf.mean(x, axes, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), axes, true);
  let y = tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon)));
  y = tf.mul(y, onnxInput(inputs, 1, ctx));
  if (inputs[2]) y = tf.add(y, onnxInput(inputs, 2, ctx));
  return [tensorValue(y)];
};
