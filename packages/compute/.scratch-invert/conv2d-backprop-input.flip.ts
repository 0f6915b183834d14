/**
 * Conv2DBackpropInput for the WASM backend as a forward Conv2D (XNNPACK) of dy with the spatially flipped,
 * in/out-swapped filter. The stock kernel is a naive C++ loop (~9x slower than Conv2D on the reference CNN).
 *
 * Per spatial axis, forward: y[o] = sum_k x[o*s + k - padTop] W[k]. Hence
 * dx[i] = sum_k dy~[i + (K-1-padTop) - (K-1-k)] W[k], where dy~ is dy with s-1 zeros between its entries:
 * a stride-1 'valid' convolution of dy~ (padded by K-1-padTop before and inH-1+padTop-(outH-1)*s after) with
 * the flipped filter. For stride 1 the zero padding is passed to Conv2D as explicit padding; for larger strides
 * dy~ is built here. Layouts other than NHWC, or paddings that would need cropping, use the stock kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  callKernel,
  type KernelArgs,
  type TypedKernelFunc,
  type WasmBackendLike,
  wasmKernel,
  zeros,
} from './wasm-kernel-context.js';

type Attrs = tf.Conv2DBackpropInputAttrs;

/** Builds the fast kernel; `stock` is the kernel it replaces, used for unsupported layouts. */
export function createConv2dBackpropInput(stock: tf.KernelConfig): TypedKernelFunc<Attrs> {
  return (args: KernelArgs<Attrs>) => {
    const { inputs, backend, attrs } = args;
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
    const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
    const top = fh - 1 - info.padInfo.top;
    const left = fw - 1 - info.padInfo.left;
    const bottom = info.inHeight - 1 + info.padInfo.top - (info.outHeight - 1) * sh;
    const right = info.inWidth - 1 + info.padInfo.left - (info.outWidth - 1) * sw;
    if (info.dataFormat !== 'channelsLast' || Math.min(top, left, bottom, right) < 0) {
      return callKernel(stock, backend, inputs, attrs);
    }
    const flipped = flipAndSwapFilter(backend, filter); // [fh, fw, outC, inC]
    const strided = sh > 1 || sw > 1;
    const x = strided ? dilateAndPad(backend, dy, sh, sw, [top, bottom, left, right]) : dy;
    const pad: tf.backend_util.ExplicitPadding = strided
      ? [[0, 0], [0, 0], [0, 0], [0, 0]]
      : [[0, 0], [top, bottom], [left, right], [0, 0]];
    try {
      return callKernel(wasmKernel('Conv2D'), backend, { x, filter: flipped }, {
        strides: [1, 1],
        pad,
        dataFormat: 'NHWC',
        dilations: [1, 1],
      });
    } finally {
      backend.disposeData(flipped.dataId);
      if (strided) backend.disposeData(x.dataId);
    }
  };
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

/** dy [b, oh, ow, c] -> zeros with dy at rows top + r*sh, columns left + q*sw. */
function dilateAndPad(
  backend: WasmBackendLike,
  dy: tf.TensorInfo,
  sh: number,
  sw: number,
  [top, bottom, left, right]: [number, number, number, number],
): tf.TensorInfo {
  const [b, oh, ow, c] = dy.shape as [number, number, number, number];
  const h = top + (oh - 1) * sh + 1 + bottom;
  const w = left + (ow - 1) * sw + 1 + right;
  const out = zeros(backend, [b, h, w, c]);
  const src = backend.typedArrayFromHeap(dy);
  const dst = backend.typedArrayFromHeap(out);
  for (let n = 0; n < b; n++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        const from = ((n * oh + r) * ow + q) * c;
        dst.set(src.subarray(from, from + c), ((n * h + top + r * sh) * w + left + q * sw) * c);
      }
    }
  }
  return out;
}
