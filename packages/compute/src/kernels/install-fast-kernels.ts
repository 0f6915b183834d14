/**
 * Replaces slow (or missing) backward kernels of the WASM backend with faster ones built from XNNPACK
 * Conv2D / MatMul, tight JS loops and SIMD kernels (simd-kernels.ts). Gradients equal the stock kernels' to
 * float32 rounding (kernels.test.ts checks 1e-4 on several shapes, paddings and strides). Also registers
 * SimLab's own SIMD kernels, which SimLab ops (relu-mask.ts, channel-affine.ts, gelu.ts, layer-norm-op.ts,
 * depthwise-input-gradient.ts) use where they are registered and replace by TF.js ops elsewhere.
 *
 * Measured on the reference CNN, batch 32 (see bench/invert.bench.ts for current figures): the stock
 * Conv2DBackpropInput and MaxPoolGrad took ~85% of a forward + input-gradient pass.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createBatchMatMul } from './batch-mat-mul.js';
import { CHANNEL_AFFINE, channelAffineKernel } from './channel-affine.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { DEPTHWISE_BACKPROP_INPUT, depthwiseBackpropInputKernel } from './depthwise-input-gradient.js';
import { GELU, GELU_GRAD, geluGradKernel, geluKernel } from './gelu.js';
import { LAYER_NORM, LAYER_NORM_GRAD, layerNormGradKernel, layerNormKernel } from './layer-norm-op.js';
import { maxPoolGrad } from './max-pool-grad.js';
import { RELU_MASK, reluMaskKernel } from './relu-mask.js';
import { createCast, createIdentity } from './share-data.js';
import { WASM } from './wasm-kernel-context.js';

type Factory = (stock: tf.KernelConfig | undefined) => tf.KernelFunc | undefined;

/** Kernel name -> fast implementation given the stock kernel (undefined: keep the stock one). */
const FAST: Record<string, Factory> = {
  Conv2DBackpropInput: () => conv2dBackpropInput as unknown as tf.KernelFunc,
  Conv2DBackpropFilter: (stock) => (stock ? undefined : (conv2dBackpropFilter as unknown as tf.KernelFunc)),
  MaxPoolGrad: () => maxPoolGrad as unknown as tf.KernelFunc,
  BatchMatMul: (stock) => stock && (createBatchMatMul(stock) as unknown as tf.KernelFunc),
  Identity: (stock) => stock && (createIdentity(stock) as unknown as tf.KernelFunc),
  Cast: (stock) => stock && (createCast(stock) as unknown as tf.KernelFunc),
  // SimLab's own kernels (no stock equivalent), used by SimLab ops that fall back to TF.js ops elsewhere.
  [RELU_MASK]: () => reluMaskKernel as unknown as tf.KernelFunc,
  [CHANNEL_AFFINE]: () => channelAffineKernel as unknown as tf.KernelFunc,
  [DEPTHWISE_BACKPROP_INPUT]: () => depthwiseBackpropInputKernel as unknown as tf.KernelFunc,
  [GELU]: () => geluKernel as unknown as tf.KernelFunc,
  [GELU_GRAD]: () => geluGradKernel as unknown as tf.KernelFunc,
  [LAYER_NORM]: () => layerNormKernel as unknown as tf.KernelFunc,
  [LAYER_NORM_GRAD]: () => layerNormGradKernel as unknown as tf.KernelFunc,
};

/** Stock kernels displaced by installFastKernels (null: there was none), kept for uninstallFastKernels. */
const displaced = new Map<string, tf.KernelConfig | null>();

/**
 * Installs the fast WASM kernels (idempotent). Does nothing when the WASM backend is not registered.
 * Call once after the WASM backend is imported (backend.ts does); kernels are looked up per call, so
 * installing before or after `tf.setBackend('wasm')` both work.
 * @returns the kernel names now replaced or added.
 */
export function installFastKernels(): string[] {
  if (tf.findBackendFactory(WASM) === null) return [];
  for (const [name, factory] of Object.entries(FAST)) {
    if (displaced.has(name)) continue;
    const stock = tf.getKernel(name, WASM);
    const kernelFunc = factory(stock);
    if (!kernelFunc) continue;
    if (stock) tf.unregisterKernel(name, WASM);
    // Keeping the stock setupFunc lets the backend initialise the stock kernel we fall back to.
    tf.registerKernel({ kernelName: name, backendName: WASM, kernelFunc, setupFunc: stock?.setupFunc });
    displaced.set(name, stock ?? null);
  }
  return [...displaced.keys()];
}

/** Restores the stock kernels (for comparisons in tests and benchmarks). */
export function uninstallFastKernels(): void {
  for (const [name, stock] of displaced) {
    tf.unregisterKernel(name, WASM);
    if (stock) tf.registerKernel(stock);
  }
  displaced.clear();
}

/** Names of the kernels currently replaced or added. */
export function fastKernelsInstalled(): string[] {
  return [...displaced.keys()];
}
