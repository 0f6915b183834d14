/**
 * Conv2DBackpropInput of a stride-1 3x3 conv as Winograd F(2x2, 3x3) (Lavin & Gray, "Fast Algorithms for
 * Convolutional Neural Networks", 2016): dx is the 'valid' conv of dy, zero-padded by (top, left) before, with
 * the flipped, in/out-swapped filter W' (conv2d-backprop-input.ts). Per 2x2 output tile that conv multiplies
 * 16 numbers per channel pair instead of 36:
 *
 *   V_k [T, outC] = input transform of dy's 4x4 patches      (simd/winograd.c), T = samples * tiles
 *   U_k [outC, inC] = (G W' G^T)_k                             (here, once per filter: derived-tensors.ts)
 *   M_k [T, inC] = V_k U_k                                     (XNNPACK, 16 matmuls)
 *   dx = output transform of the M_k                           (simd/winograd.c)
 *
 * Measured on the reference CNN's conv2 backward (batch 16, dy [16, 11, 11, 64], 32 input channels, CPU time):
 * 2.1 ms against 2.25 for matmul + col2im, whose single product has 1.4x the multiplications but runs faster
 * per multiplication (one large matmul against 16 with 64 x 32 right operands). The transforms add and
 * subtract only (and halve in G), so values equal the direct conv's to float32 rounding (kernels.test.ts).
 *
 * Backward only: as the forward conv (measured 1.8 vs XNNPACK's 2.2 ms) it would change the rounding of
 * activations, which breaks exact ties that XNNPACK keeps (outputs whose window is all zeros equal the bias
 * exactly) and so moves max-pool gradients to other pixels (up to 3% of the input gradient, reference CNN).
 * The input gradient's rounding decides no such choice.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { derivedTensors } from './derived-tensors.js';
import { heapOffset, simdKernels } from './simd-kernels.js';
import { callKernel, type WasmBackendLike, wasmKernel } from './wasm-kernel-context.js';

/** Winograd components: a 4x4 input tile per 2x2 output tile. */
const K = 16;

/** Largest V_k and M_k together, in floats (4 Mi = 16 MiB): batches beyond it go in chunks of samples. */
const CHUNK_FLOATS = 4 * 1024 * 1024;

/** Where the Winograd path applies: 3x3, stride 1, no cropping, channels in whole SIMD lanes. */
export function winogradApplies(info: tf.backend_util.Conv2DInfo, pads: number[]): boolean {
  return (
    info.filterHeight === 3 &&
    info.filterWidth === 3 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.inChannels % 4 === 0 &&
    info.outChannels % 4 === 0 &&
    pads.every((p) => p >= 0)
  );
}

/**
 * dx [n, inH, inW, inC] from dy [n, outH, outW, outC] and W [3, 3, inC, outC]; `top`/`left` are the zero rows
 * and columns before dy in the flipped conv (filter size - 1 - the forward conv's padding).
 */
export function conv2dBackpropInputWinograd(
  backend: WasmBackendLike,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  [top, left]: [number, number],
): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const tilesH = Math.ceil(inHeight / 2);
  const tilesW = Math.ceil(inWidth / 2);
  const perSample = tilesH * tilesW * (outChannels + inChannels);
  const chunk = Math.max(1, Math.min(batchSize, Math.floor(CHUNK_FLOATS / (K * perSample))));
  const kernels = simdKernels(backend);
  const matMul = wasmKernel('BatchMatMul');
  const u = derivedTensors(backend, filter, `winograd-f2x3-flipped ${filter.shape}`, () =>
    transformFilter(backend, filter),
  ); // 16 x [1, outC, inC], kept with the filter
  const table = backend.makeOutput([K], 'int32');
  const dx = backend.makeOutput(info.inShape, 'float32');
  const writeTable = (tensors: tf.TensorInfo[]) => {
    // After every allocation: the heap may have grown and detached an older view.
    const offsets = backend.typedArrayFromHeap(table) as unknown as Int32Array;
    tensors.forEach((t, k) => {
      offsets[k] = heapOffset(backend, t);
    });
  };
  const chunkOf = (n0: number, n1: number, chunkTemporary: tf.TensorInfo[]) => {
    const tiles = (n1 - n0) * tilesH * tilesW;
    const v = Array.from({ length: K }, () => backend.makeOutput([1, tiles, outChannels], 'float32'));
    chunkTemporary.push(...v);
    writeTable(v);
    kernels.winograd_f2x3_input(
      heapOffset(backend, dy),
      heapOffset(backend, table),
      n0,
      n1,
      outHeight,
      outWidth,
      outChannels,
      tilesH,
      tilesW,
      top,
      left,
    );
    for (const [k, vk] of v.entries()) {
      chunkTemporary.push(
        callKernel(matMul, backend, { a: vk, b: u[k]! }, { transposeA: false, transposeB: false }),
      ); // M_k [1, tiles, inC]
    }
    writeTable(chunkTemporary.slice(K));
    kernels.winograd_f2x3_output(
      heapOffset(backend, table),
      heapOffset(backend, dx),
      n0,
      n1,
      inHeight,
      inWidth,
      inChannels,
      tilesH,
      tilesW,
    );
  };
  try {
    for (let n0 = 0; n0 < batchSize; n0 += chunk) {
      const chunkTemporary: tf.TensorInfo[] = [];
      try {
        chunkOf(n0, Math.min(batchSize, n0 + chunk), chunkTemporary);
      } finally {
        for (const t of chunkTemporary) backend.disposeData(t.dataId);
      }
    }
  } catch (error) {
    backend.disposeData(dx.dataId);
    throw error;
  } finally {
    backend.disposeData(table.dataId);
  }
  return dx;
}

/**
 * U_k = (G g G^T)_k, k = 4a + b, for g = W'[:, :, c, o] = W[2 - i, 2 - j, o, c] (flipped, in/out swapped), with
 * G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]; as 16 tensors [1, outC, inC]. Sums in float64, rounded once.
 */
function transformFilter(backend: WasmBackendLike, filter: tf.TensorInfo): tf.TensorInfo[] {
  const [, , inC, outC] = filter.shape as [number, number, number, number];
  const u = Array.from({ length: K }, () => backend.makeOutput([1, outC, inC], 'float32'));
  const w = backend.typedArrayFromHeap(filter);
  const out = u.map((t) => backend.typedArrayFromHeap(t));
  const g = new Float64Array(9);
  const gg = new Float64Array(12); // G g [4, 3]
  for (let c = 0; c < outC; c++) {
    for (let o = 0; o < inC; o++) {
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) g[i * 3 + j] = w[((2 - i) * 3 + (2 - j)) * inC * outC + o * outC + c]!;
      }
      for (let j = 0; j < 3; j++) {
        const [g0, g1, g2] = [g[j]!, g[3 + j]!, g[6 + j]!];
        gg[j] = g0;
        gg[3 + j] = (g0 + g1 + g2) / 2;
        gg[6 + j] = (g0 - g1 + g2) / 2;
        gg[9 + j] = g2;
      }
      for (let a = 0; a < 4; a++) {
        const [r0, r1, r2] = [gg[a * 3]!, gg[a * 3 + 1]!, gg[a * 3 + 2]!];
        const at = c * inC + o;
        out[4 * a]![at] = r0;
        out[4 * a + 1]![at] = (r0 + r1 + r2) / 2;
        out[4 * a + 2]![at] = (r0 - r1 + r2) / 2;
        out[4 * a + 3]![at] = r2;
      }
    }
  }
  return u;
}
