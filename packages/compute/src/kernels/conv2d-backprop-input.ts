/**
 * Conv2DBackpropInput for the WASM backend, whose stock kernel is a naive C++ loop (~9x slower than the
 * forward Conv2D on the reference CNN). Three rewrites, equal to float32 rounding, chosen by shape:
 *
 * - 3x3, stride 1, channels in multiples of 4, no cropping: Winograd F(2x2, 3x3) of the flipped conv below
 *   (conv2d-backprop-input-winograd.ts), 2.25x fewer multiplications.
 * - stride 1, >= FLIP_MIN_CHANNELS input channels, little padding: a forward Conv2D (XNNPACK) of dy with the
 *   spatially flipped, in/out-swapped filter. Per axis, y[o] = sum_k x[o + k - padTop] W[k], so
 *   dx[i] = sum_k dy[i + (K-1-padTop) - (K-1-k)] W[k]: a 'valid' convolution of dy zero-padded by K-1-padTop
 *   before and inH-1+padTop-(outH-1) after, with W flipped; the padding goes to Conv2D as explicit padding.
 * - otherwise (few input channels, strides > 1, paddings that would need cropping, or a 'valid' forward conv,
 *   whose flipped conv multiplies FLIP_MAX_WASTE or more padding zeros): matmul + col2im.
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropInputCol2im } from './conv2d-backprop-input-col2im.js';
import { conv2dBackpropInputWinograd, winogradApplies } from './conv2d-backprop-input-winograd.js';
import { callKernel, type KernelArgs, type WasmBackendLike, wasmKernel } from './wasm-kernel-context.js';

/** Below this the flipped Conv2D has too few output channels for XNNPACK's vector tiles (measured: 1 -> 2x slower). */
const FLIP_MIN_CHANNELS = 8;

/**
 * Largest input/output area ratio for the flipped Conv2D: it computes inH*inW outputs from dy padded to that
 * size, col2im multiplies only the outH*outW real rows. Measured (batch 16, thread CPU): a 'valid' 3x3 conv
 * 13 -> 11 (ratio 1.4, 32 -> 64 channels) 4.4 ms flipped vs 3.3 ms col2im; 'same' convs (ratio 1) 0.66 vs
 * 1.5 ms at 8 channels, 0.62 vs 0.68 at 32.
 */
const FLIP_MAX_WASTE = 1.2;

export function conv2dBackpropInput({
  inputs,
  backend,
  attrs,
}: KernelArgs<tf.Conv2DBackpropInputAttrs>): tf.TensorInfo {
  const dy = inputs.dy as tf.TensorInfo;
  const filter = inputs.filter as tf.TensorInfo;
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  if (info.dataFormat !== 'channelsLast') {
    throw new Error(`Conv2DBackpropInput on WASM supports NHWC only, got ${attrs.dataFormat}`);
  }
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  const bottom = info.inHeight - 1 + info.padInfo.top - (info.outHeight - 1);
  const right = info.inWidth - 1 + info.padInfo.left - (info.outWidth - 1);
  if (winogradApplies(info, [top, left, bottom, right])) {
    return conv2dBackpropInputWinograd(backend, dy, filter, info, [top, left]);
  }
  const flip =
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.inChannels >= FLIP_MIN_CHANNELS &&
    info.inHeight * info.inWidth <= FLIP_MAX_WASTE * info.outHeight * info.outWidth &&
    Math.min(top, left, bottom, right) >= 0;
  if (!flip) return conv2dBackpropInputCol2im(backend, dy, filter, info);
  const flipped = flipAndSwapFilter(backend, filter); // [fh, fw, outC, inC]
  try {
    return callKernel(
      wasmKernel('Conv2D'),
      backend,
      { x: dy, filter: flipped },
      {
        strides: [1, 1],
        pad: [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      },
    );
  } finally {
    backend.disposeData(flipped.dataId);
  }
}

/** W'[i, j, o, c] = W[fh-1-i, fw-1-j, c, o]. */
function flipAndSwapFilter(backend: WasmBackendLike, filter: tf.TensorInfo): tf.TensorInfo {
  const [fh, fw, inC, outC] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([fh, fw, outC, inC], 'float32');
  const w = backend.typedArrayFromHeap(filter);
  const o = backend.typedArrayFromHeap(out);
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const src = ((fh - 1 - i) * fw + (fw - 1 - j)) * inC * outC;
      const dst = (i * fw + j) * outC * inC;
      for (let c = 0; c < inC; c++) {
        for (let k = 0; k < outC; k++) o[dst + k * inC + c] = w[src + c * outC + k]!;
      }
    }
  }
  return out;
}
