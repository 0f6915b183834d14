/**
 * Identity, and Cast to the same dtype, as a shared reference (refcount + 1) instead of a copy, as the CPU
 * backend does. While recording gradients TF.js clones every tensor a backward pass needs (engine
 * `saveTensorsForBackwardMode`): ~36 full copies per iteration of the reference CNN on WASM. Sharing is safe
 * because WASM kernels write only into the outputs they allocate.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { callKernel, type KernelArgs, type TypedKernelFunc } from './wasm-kernel-context.js';

/** Strings live in JS, not on the WASM heap: they keep the stock kernels. */
function share({ inputs, backend }: KernelArgs<unknown>): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export function createIdentity(stock: tf.KernelConfig): TypedKernelFunc<unknown> {
  return (args) =>
    (args.inputs.x as tf.TensorInfo).dtype === 'string'
      ? callKernel(stock, args.backend, args.inputs, {})
      : share(args);
}

export function createCast(stock: tf.KernelConfig): TypedKernelFunc<tf.CastAttrs> {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    return x.dtype === args.attrs.dtype && x.dtype !== 'string'
      ? share(args)
      : callKernel(stock, args.backend, args.inputs, args.attrs);
  };
}
