/**
 * The CKA products on every core: the rows of the block triangle (feature-form.ts, gram-form.ts) are shared
 * out to a WorkerPool's threads through a counter in shared memory, and their sums are added here in row
 * order, exactly as the single-threaded loop adds them, so the value does not depend on the thread count.
 *
 * The centred activations are placed in a SharedArrayBuffer once; workers read them without copies. Sums
 * stay float64 from the float32 products on (SPEC §3 numerics).
 */
import type { WorkerPool } from '../parallel/worker-pool.js';
import type { CentredActivations } from './centre.js';
import type { CkaForm, KernelSums } from './cka-result.js';
import { addSums, type ProductSet } from './feature-form.js';
import { type ProductsTask, productRows } from './parallel-products-task.js';

/**
 * kl, kk, ll of `form` computed by up to `pool.size` workers.
 * @throws CancelledError when `signal` fires (workers stop after their current row); a worker's error.
 */
export async function parallelProducts(
  a: CentredActivations,
  b: CentredActivations,
  form: CkaForm,
  products: ProductSet,
  pool: WorkerPool,
  signal?: AbortSignal,
): Promise<KernelSums> {
  const shape = { form, products, a: toShared(a), b: toShared(b) };
  const rows = productRows(shape);
  const task: ProductsTask = {
    ...shape,
    next: new Int32Array(new SharedArrayBuffer(4)),
    sums: new Float64Array(new SharedArrayBuffer(8 * 3 * rows.length)),
  };
  const workers = Math.min(pool.size, rows.length);
  try {
    await Promise.all(Array.from({ length: workers }, () => pool.run('cka-products', task, { signal })));
  } catch (error) {
    Atomics.store(task.next, 0, rows.length); // the other workers stop after their current row
    throw error;
  }
  const total: KernelSums = { kl: 0, kk: 0, ll: 0 };
  for (let k = 0; k < rows.length; k++) {
    const [kl, kk, ll] = task.sums.subarray(3 * k, 3 * k + 3) as unknown as [number, number, number];
    addSums(total, { kl, kk, ll });
  }
  return total;
}

/** x itself when its values already live in shared memory, else a shared copy. */
export function toShared(x: CentredActivations): CentredActivations {
  if (x.data.buffer instanceof SharedArrayBuffer) return x;
  const data = new Float32Array(new SharedArrayBuffer(x.data.byteLength));
  data.set(x.data);
  return { data, n: x.n, p: x.p };
}
