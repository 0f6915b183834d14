/**
 * Identity, and Cast to the same dtype, as a shared reference (refcount + 1) instead of a copy, as the CPU
 * backend does. While recording gradients TF.js clones every tensor a backward pass needs (engine
 * `saveTensorsForBackwardMode`): ~36 full copies per iteration of the reference CNN on WASM. Sharing is safe
 * because WASM kernels write only into the outputs they allocate.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { callKernel, type KernelArgs, type TypedKernelFunc } from './wasm-kernel-context.js';

export function identity({ inputs, backend }: KernelArgs<unknown>): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') throw new Error('Identity of string tensors is not supported on WASM');
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export function createCast(stock: tf.KernelConfig): TypedKernelFunc<tf.CastAttrs> {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    return x.dtype === args.attrs.dtype && x.dtype !== 'string'
      ? identity(args)
      : callKernel(stock, args.backend, args.inputs, args.attrs);
  };
}
