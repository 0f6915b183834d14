/**
 * SharedArrayBuffers kept between parallel CKA calls on one pool. A fresh buffer is zeroed page by page by
 * the kernel on first touch: ~60 ms of CPU for 20 MB on the 2-core dev VM against ~1.5 ms to copy 20 MB into
 * a buffer already touched, which made allocation the largest cost after the products at n = 10,000,
 * p = q = 512. The activations' shared copies and the column-block layout therefore reuse earlier buffers.
 *
 * A call takes its buffers and gives them back only when every worker has finished with them (never after a
 * failure, when a worker may still be reading), so concurrent calls on one pool never share a buffer. The
 * pool's scratch keeps at most KEPT buffers, the largest given back: about as much memory as the largest
 * call's inputs and layout, which is also what the workers' WASM heaps keep. It goes with the pool object.
 */
import type { WorkerPool } from '../parallel/worker-pool.js';

/** Buffers a feature-form call uses: shared copies of A and B, and the layout of C = [A | B]. */
const KEPT = 3;

export interface SharedScratch {
  /** A buffer of at least `bytes` bytes (contents undefined), the smallest free one or a new one. */
  take(bytes: number): SharedArrayBuffer;
  /** Buffers no worker reads any more, kept for later calls. */
  giveBack(buffers: readonly SharedArrayBuffer[]): void;
}

const scratches = new WeakMap<WorkerPool, SharedScratch>();

/** The scratch of `pool`, made on first use. */
export function sharedScratch(pool: WorkerPool): SharedScratch {
  let scratch = scratches.get(pool);
  if (!scratch) {
    scratch = createSharedScratch();
    scratches.set(pool, scratch);
  }
  return scratch;
}

export function createSharedScratch(): SharedScratch {
  let free: SharedArrayBuffer[] = []; // ascending byteLength
  return {
    take(bytes) {
      const k = free.findIndex((buffer) => buffer.byteLength >= bytes);
      return k >= 0 ? free.splice(k, 1)[0]! : new SharedArrayBuffer(bytes);
    },
    giveBack(buffers) {
      free = [...free, ...buffers].sort((x, y) => x.byteLength - y.byteLength).slice(-KEPT);
    },
  };
}
