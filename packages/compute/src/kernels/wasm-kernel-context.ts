/**
 * The small slice of the WASM backend that our JS kernels use, and a helper to call the backend's own kernels
 * from inside a kernel (as tfjs backends do internally), disposing every intermediate.
 */
import * as tf from '@tensorflow/tfjs-core';

export const WASM = 'wasm';

/** Methods of `BackendWasm` (tfjs-backend-wasm 4.22) used here; the package does not export the class type. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view on the WASM heap: valid only until the next allocation (the heap may grow and detach it). */
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): boolean;
  incRef(dataId: tf.DataId): void;
}

export interface KernelArgs<A> {
  inputs: tf.NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs: A;
}

/** A kernel function typed with its attributes; cast to tf.KernelFunc at registration. */
export type TypedKernelFunc<A> = (args: KernelArgs<A>) => tf.TensorInfo;

/** Runs `kernelFunc` of a registered kernel (or `fallback`) on this backend and returns its single output. */
export function callKernel(
  kernel: tf.KernelConfig,
  backend: WasmBackendLike,
  inputs: tf.NamedTensorInfoMap,
  attrs: object,
): tf.TensorInfo {
  const out = kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap });
  if (Array.isArray(out))
    throw new Error(`kernel ${kernel.kernelName} returned several outputs; expected one`);
  return out;
}

/** The currently registered WASM kernel `name`; throws when the WASM backend does not provide it. */
export function wasmKernel(name: string): tf.KernelConfig {
  const kernel = tf.getKernel(name, WASM);
  if (!kernel) throw new Error(`the WASM backend has no ${name} kernel`);
  return kernel;
}

/** Allocates a zero-filled float32 output on the WASM heap. */
export function zeros(backend: WasmBackendLike, shape: number[]): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(out).fill(0);
  return out;
}

/**
 * Samples n0..n1 of an NHWC tensor as a [1, rows, channels] matrix: the tensor itself (same data, new shape)
 * when that is all samples, else a copy. Dispose the result only when its dataId differs from `t`'s.
 */
export function sampleRows(
  backend: WasmBackendLike,
  t: tf.TensorInfo,
  n0: number,
  n1: number,
): tf.TensorInfo {
  const [n, ...rest] = t.shape as [number, ...number[]];
  const channels = rest[rest.length - 1] ?? 1;
  const perSample = rest.reduce((p, d) => p * d, 1);
  const shape = [1, ((n1 - n0) * perSample) / channels, channels];
  if (n0 === 0 && n1 === n) return { dataId: t.dataId, shape, dtype: t.dtype };
  const out = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(t).subarray(n0 * perSample, n1 * perSample));
  return out;
}
