/**
 * The CKA products on every core. The rows of the block triangle (feature-form.ts, gram-form.ts) are shared
 * out to a WorkerPool's threads through counters in shared memory, and their sums are added here in row
 * order, as the single-threaded loop adds them, so the value does not depend on the number of threads.
 *
 * Activations are copied once into SharedArrayBuffers (a memcpy), which the workers read in place. In the
 * feature form the workers also centre them (column means in float64, SPEC §3 numerics) and lay out the
 * column blocks, so nothing but that copy runs on this thread. The shared buffers are the pool's scratch,
 * reused from call to call (shared-scratch.ts: a fresh buffer costs far more than the copy into it).
 */
import { CancelledError } from '../errors.js';
import type { WorkerPool } from '../parallel/worker-pool.js';
import type { Activations } from './activations.js';
import { type CentredActivations, centreColumnsInto } from './centre.js';
import type { CkaForm, KernelSums } from './cka-result.js';
import { addSums, featureBlocks, featureRows, type ProductSet } from './feature-form.js';
import { gramRows } from './gram-form.js';
import { CONTROL, type FeatureTask, featureTaskBuffers } from './parallel-feature-task.js';
import type { GramTask, ProductsTask } from './parallel-products-task.js';
import { sharedScratch } from './shared-scratch.js';

export interface ParallelProductsOptions {
  form: CkaForm;
  products: ProductSet;
  /** The inputs are raw activations that still need their columns centred (else already centred). */
  centre: boolean;
  pool: WorkerPool;
  signal?: AbortSignal;
}

/**
 * kl, kk, ll computed by up to `pool.size` workers.
 * @throws CancelledError when `signal` fires (workers stop after their current row); a worker's error.
 */
export async function parallelProducts(
  a: Activations,
  b: Activations,
  { form, products, centre, pool, signal }: ParallelProductsOptions,
): Promise<KernelSums> {
  const scratch = sharedScratch(pool);
  const taken: SharedArrayBuffer[] = [];
  const take = (bytes: number) => {
    const buffer = scratch.take(bytes);
    taken.push(buffer);
    return buffer;
  };
  let task: ProductsTask;
  let rows: number;
  if (form === 'feature') {
    rows = featureRows(featureBlocks(a.p, b.p), products).length;
    task = {
      form,
      products,
      a: toShared(a, take),
      b: toShared(b, take),
      centre,
      ...featureTaskBuffers(a.n, a.p, b.p, take),
      sums: new Float64Array(new SharedArrayBuffer(8 * 3 * rows)),
    } satisfies FeatureTask;
  } else {
    rows = gramRows(a.n).length;
    const shared = (x: Activations) =>
      centre ? centreColumnsInto(x, take(4 * x.n * x.p)) : toShared(x as CentredActivations, take);
    task = {
      form,
      a: shared(a),
      b: shared(b),
      next: new Int32Array(new SharedArrayBuffer(4)),
      sums: new Float64Array(new SharedArrayBuffer(8 * 3 * rows)),
    } satisfies GramTask;
  }
  const workers = Math.min(pool.size, rows);
  try {
    await Promise.all(Array.from({ length: workers }, () => pool.run('cka-products', task, { signal })));
  } catch (error) {
    stop(task); // the buffers are not given back: a worker may still be reading them
    throw signal?.aborted ? new CancelledError('CKA cancelled by the caller') : error;
  }
  scratch.giveBack(taken);
  const total: KernelSums = { kl: 0, kk: 0, ll: 0 };
  for (let k = 0; k < rows; k++) {
    const [kl, kk, ll] = task.sums.subarray(3 * k, 3 * k + 3) as unknown as [number, number, number];
    addSums(total, { kl, kk, ll });
  }
  return total;
}

/** Makes the workers still running stop after their current item. */
function stop(task: ProductsTask): void {
  if (task.form === 'gram')
    Atomics.store(task.next, 0, 2 ** 30); // past every row
  else {
    Atomics.store(task.control, CONTROL.failed, 1);
    for (let i = 0; i < task.control.length; i++) Atomics.notify(task.control, i);
  }
}

/**
 * x itself when its values already live in shared memory, else a copy of the same element type into a buffer
 * from `take(bytes)` (a SharedArrayBuffer of at least that size).
 */
export function toShared<T extends Activations>(
  x: T,
  take: (bytes: number) => SharedArrayBuffer = (bytes) => new SharedArrayBuffer(bytes),
): T {
  if (x.data.buffer instanceof SharedArrayBuffer) return x;
  const { length, BYTES_PER_ELEMENT } = x.data;
  const buffer = take(length * BYTES_PER_ELEMENT);
  // float64 stays float64: raw activations are centred in float64 before anything is rounded to float32
  const data =
    x.data instanceof Float32Array
      ? new Float32Array(buffer, 0, length)
      : new Float64Array(buffer, 0, length);
  data.set(x.data); // a memcpy
  return { ...x, data };
}
