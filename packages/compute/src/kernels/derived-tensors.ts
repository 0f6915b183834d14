/**
 * Tensors derived from a kernel input (a weight's transpose, its Winograd transform), made on first use and
 * kept until that input's data is freed. A layer's weights keep their data across the iterations of an
 * inversion or attack, so their derived forms are computed once instead of once per call, and XNNPACK, which
 * caches its packed operator per right-hand operand, packs them once too. Freed with the source: the backend's
 * disposeData is wrapped, once per backend, to also free what was derived from the data it frees.
 *
 * Data never changes in place on the WASM backend (kernels write only to outputs they allocate; a variable's
 * assign takes new data), so a derived tensor stays valid as long as its source.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-kernel-context.js';

/** Per backend: source data -> key (what was derived, for which shape) -> the derived tensors. */
const caches = new WeakMap<WasmBackendLike, Map<tf.DataId, Map<string, tf.TensorInfo[]>>>();

/**
 * The tensors `make` derives from `source`, cached under `key` (name what is derived and from which view of
 * the data, e.g. the shape: reshaped tensors share data). Do not dispose them; they live as long as `source`.
 */
export function derivedTensors(
  backend: WasmBackendLike,
  source: tf.TensorInfo,
  key: string,
  make: () => tf.TensorInfo[],
): tf.TensorInfo[] {
  const cache = cacheOf(backend);
  let bySource = cache.get(source.dataId);
  const cached = bySource?.get(key);
  if (cached) return cached;
  const made = make();
  if (!bySource) {
    bySource = new Map();
    cache.set(source.dataId, bySource);
  }
  bySource.set(key, made);
  return made;
}

/** Tensors currently held for derived forms, over all sources (for leak tests). */
export function derivedTensorCount(backend: WasmBackendLike): number {
  let count = 0;
  for (const bySource of caches.get(backend)?.values() ?? []) {
    for (const tensors of bySource.values()) count += tensors.length;
  }
  return count;
}

function cacheOf(backend: WasmBackendLike): Map<tf.DataId, Map<string, tf.TensorInfo[]>> {
  let cache = caches.get(backend);
  if (cache) return cache;
  const created = new Map<tf.DataId, Map<string, tf.TensorInfo[]>>();
  const target = backend as unknown as { disposeData(dataId: tf.DataId, force?: boolean): boolean };
  const dispose = target.disposeData.bind(target);
  target.disposeData = (dataId: tf.DataId, force?: boolean) => {
    const freed = dispose(dataId, force);
    const bySource = freed ? created.get(dataId) : undefined;
    if (bySource) {
      created.delete(dataId);
      for (const tensors of bySource.values()) for (const t of tensors) target.disposeData(t.dataId, true);
    }
    return freed;
  };
  caches.set(backend, created);
  cache = created;
  return cache;
}
