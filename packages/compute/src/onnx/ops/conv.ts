/**
 * ONNX Conv (2-D): groups, dilations, strides, explicit pads or auto_pad, optional bias. Runs NHWC on TF.js
 * (value.ts); the OIHW kernel becomes HWIO once per model (ConstantCache).
 *
 * Two TF.js limits are worked around rather than refused:
 * - conv2d takes dilations > 1 only with stride 1, so a dilated strided conv uses the kernel dilated explicitly
 *   (zeros between taps), which computes the same sums;
 * - grouped and depthwise convs run as one conv2d per group on a channel slice, then concatenate: depthwise
 *   kernels have no backward pass on the WASM backend, and this keeps every gradient on plain conv2d.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HostTensor } from '../host-tensor.js';
import { asNhwc, logicalShape, tensorValue } from '../value.js';
import { type OpHandler, required, unsupported } from './op.js';
import { explicitPadding, hasPadding, readWindow } from './spatial.js';

export const conv: OpHandler = (inputs, ctx) => {
  const xv = required(inputs, 0, ctx);
  const wv = required(inputs, 1, ctx);
  const rank = logicalShape(xv).length;
  if (rank !== 4)
    throw unsupported(ctx, `has a rank-${rank} input (only 2-D convolutions, rank-4 NCHW inputs)`);
  if (wv.kind !== 'host')
    throw unsupported(ctx, 'takes its kernel from another node (not a constant initializer)');
  const [outChannels, groupChannels, kh, kw] = wv.host.shape as [number, number, number, number];
  const x = asNhwc(xv, ctx.constants); // [n, h, w, cin]
  const group = ctx.attrs.int('group', 1);
  const cin = x.shape[3];
  if (groupChannels * group !== cin || outChannels % group !== 0) {
    throw unsupported(
      ctx,
      `has kernel [${wv.host.shape.join(', ')}] and group ${group} for ${cin} input channels (inconsistent)`,
    );
  }
  const window = readWindow(ctx, x.shape, [kh, kw]);
  const [dh, dw] = window.dilations;
  const dilateKernel = (dh > 1 || dw > 1) && (window.strides[0] > 1 || window.strides[1] > 1);
  const dilations: [number, number] = dilateKernel ? [1, 1] : window.dilations;
  const pad = hasPadding(window) ? explicitPadding(window) : 'valid';
  const bias = inputs[2];
  if (bias && bias.kind !== 'host')
    throw unsupported(ctx, 'takes its bias from another node (not a constant)');
  const per = outChannels / group;
  const kernelOf = (g: number) =>
    ctx.constants.get(wv.host, `hwio:${dilateKernel ? `${dh}x${dw}` : '1x1'}:${g}/${group}`, (w) => {
      const hwio = hwioKernel(w, dilateKernel ? dh : 1, dilateKernel ? dw : 1); // [kh', kw', cin/g, cout]
      return tf.slice(hwio, [0, 0, 0, g * per], [-1, -1, -1, per]);
    }) as tf.Tensor4D;
  const biasTensor = bias?.kind === 'host' ? (ctx.constants.get(bias.host) as tf.Tensor1D) : undefined;
  // Plain conv2d and a separate bias add, not tf.fused.conv2d: the fused op's gradient (a customGrad) computes
  // the kernel and bias gradients too, which inversion and PGD never use (measured: 2x the input gradient).
  const convolve = (input: tf.Tensor4D, filter: tf.Tensor4D) =>
    tf.conv2d(input, filter, window.strides, pad, 'NHWC', dilations);
  const y =
    group === 1
      ? convolve(x, kernelOf(0))
      : tf.concat(
          tf.split(x, group, 3).map((s, g) => convolve(s as tf.Tensor4D, kernelOf(g))),
          3,
        );
  return [tensorValue(biasTensor ? tf.add(y, biasTensor) : y, true)];
};

/** OIHW kernel -> HWIO, each spatial axis dilated by inserting d - 1 zeros between taps. */
function hwioKernel(w: HostTensor, dh: number, dw: number): tf.Tensor4D {
  const [o, i, kh, kw] = w.shape as [number, number, number, number];
  const eh = (kh - 1) * dh + 1;
  const ew = (kw - 1) * dw + 1;
  const out = new Float32Array(eh * ew * i * o);
  for (let a = 0; a < o; a++) {
    for (let b = 0; b < i; b++) {
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++) {
          out[((y * dh * ew + x * dw) * i + b) * o + a] = w.data[((a * i + b) * kh + y) * kw + x]!;
        }
      }
    }
  }
  return tf.tensor4d(out, [eh, ew, i, o]);
}
