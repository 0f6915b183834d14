// The cache serves the WASM backend's kernels: register it before initBackend chooses one.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { derivedTensorCount, derivedTensors } from './derived-tensors.js';
import type { WasmBackendLike } from './wasm-kernel-context.js';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('derivedTensors', () => {
  it('makes a derived tensor once per source and key, and frees it with its source', () => {
    const backend = tf.backend() as unknown as WasmBackendLike & { numDataIds(): number };
    const w = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const before = { ids: backend.numDataIds(), derived: derivedTensorCount(backend) };
    let made = 0;
    const make = () => {
      made++;
      const out = backend.makeOutput([3], 'float32');
      backend.typedArrayFromHeap(out).set([made, made, made]);
      return [out];
    };
    const first = derivedTensors(backend, w, 'test 2,3', make);
    expect(derivedTensors(backend, w, 'test 2,3', make)).toBe(first);
    derivedTensors(backend, w, 'test 3,2', make); // another view of the same data: another entry
    expect(made).toBe(2);
    expect(derivedTensorCount(backend)).toBe(before.derived + 2);
    expect(backend.numDataIds()).toBe(before.ids + 2);
    w.dispose();
    expect(derivedTensorCount(backend)).toBe(before.derived);
    expect(backend.numDataIds()).toBe(before.ids - 1);
  });

  it('keeps a dense weight transposed for its input gradient while it lives, not after', () => {
    const backend = tf.backend() as unknown as WasmBackendLike;
    const w = tf.randomNormal([40, 12], 0, 1, 'float32', 1);
    const before = derivedTensorCount(backend);
    const dx = () => tf.tidy(() => tf.matMul(tf.ones([3, 12]), w, false, true).dataSync()); // dy W^T
    const once = dx();
    expect(derivedTensorCount(backend)).toBe(before + 1);
    expect(dx()).toEqual(once);
    expect(derivedTensorCount(backend)).toBe(before + 1);
    w.dispose();
    expect(derivedTensorCount(backend)).toBe(before);
  });
});
