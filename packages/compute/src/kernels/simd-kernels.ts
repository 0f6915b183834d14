/**
 * SimLab's SIMD kernels (src/kernels/simd/*.c, built by scripts/build-simd-kernels.sh into simd-binary.ts):
 * small WebAssembly SIMD loops for the element-wise and data-movement work around XNNPACK's products (ReLU
 * masks, pooling gradients, col2im), which as JS loops or chains of TF.js ops cost more than the products.
 *
 * The module imports the WASM backend's own memory, so a kernel reads and writes tensors where they are, given
 * their byte offsets; it owns no memory of its own (the build checks it uses neither static data nor a stack).
 * One instance per backend (per thread: each worker has its own backend and heap).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { SIMD_WASM_BASE64 } from './simd/simd-binary.js';
import type { WasmBackendLike } from './wasm-kernel-context.js';

/** The exported kernels; every pointer is a byte offset into the WASM backend's heap. */
export interface SimdKernels {
  relu_mask(dy: number, y: number, dx: number, n: number): void;
  channel_affine(
    x: number,
    scale: number,
    shift: number,
    out: number,
    rows: number,
    channels: number,
    hasShift: number,
  ): void;
  depthwise_backprop_input(
    dy: number,
    w: number,
    dx: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
    outHeight: number,
    outWidth: number,
    filterHeight: number,
    filterWidth: number,
    stride: number,
    top: number,
    left: number,
  ): void;
  col2im_add(
    cols: number,
    dx: number,
    n0: number,
    n1: number,
    height: number,
    width: number,
    channels: number,
    outHeight: number,
    outWidth: number,
    filterHeight: number,
    filterWidth: number,
    strideHeight: number,
    strideWidth: number,
    top: number,
    left: number,
  ): void;
  winograd_f2x3_input(
    x: number,
    table: number,
    n0: number,
    n1: number,
    height: number,
    width: number,
    channels: number,
    tilesH: number,
    tilesW: number,
    top: number,
    left: number,
  ): void;
  winograd_f2x3_output(
    table: number,
    y: number,
    n0: number,
    n1: number,
    outHeight: number,
    outWidth: number,
    channels: number,
    tilesH: number,
    tilesW: number,
  ): void;
  gelu(x: number, out: number, n: number): void;
  gelu_grad(x: number, dy: number, dx: number, n: number): void;
  layer_norm(
    x: number,
    gamma: number,
    beta: number,
    out: number,
    rows: number,
    channels: number,
    eps: number,
  ): void;
  layer_norm_grad(
    x: number,
    gamma: number,
    dy: number,
    dx: number,
    rows: number,
    channels: number,
    eps: number,
  ): void;
  max_pool_2x2_grad(
    x: number,
    y: number,
    dy: number,
    dx: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
    outHeight: number,
    outWidth: number,
  ): void;
}

/** What the kernels need from the backend object beyond WasmBackendLike (tfjs-backend-wasm 4.22 internals). */
interface BackendInternals {
  wasm: { asm: { memory: object } };
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
}

/** The WebAssembly API of Node (this package compiles without the DOM library that declares it). */
const wasmApi = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: object };
    };
  }
).WebAssembly;

let module: object | undefined;
const instances = new WeakMap<object, SimdKernels>();

/** The kernels bound to `backend`'s heap (instantiated on first use). */
export function simdKernels(backend: WasmBackendLike): SimdKernels {
  let kernels = instances.get(backend);
  if (!kernels) {
    module ??= new wasmApi.Module(Buffer.from(SIMD_WASM_BASE64, 'base64'));
    const memory = (backend as unknown as BackendInternals).wasm.asm.memory;
    kernels = new wasmApi.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    instances.set(backend, kernels);
  }
  return kernels;
}

/** Byte offset of a tensor's values in the backend's heap. */
export function heapOffset(backend: WasmBackendLike, t: tf.TensorInfo): number {
  const data = (backend as unknown as BackendInternals).dataIdMap.get(t.dataId);
  if (!data) throw new Error(`tensor ${String(t.dataId)} is not on the WASM backend`);
  return data.memoryOffset;
}
