/**
 * The worker side of parallel CKA products (parallel-products.ts): take the next row of the block triangle
 * from a shared counter, compute its sums with the same function the single-threaded path uses, write them
 * to the row's slot in shared memory, repeat. Rows are handed out largest first, so the workers finish
 * together; the counter makes the split adapt to whichever worker is faster (or less loaded) right now.
 */
import { throwIfAborted } from '../errors.js';
import type { CentredActivations } from './centre.js';
import type { CkaForm, KernelSums } from './cka-result.js';
import { featureBlocks, featureRowSums, featureRows, type ProductSet, rightBlocks } from './feature-form.js';
import { gramRowSums, gramRows, transposedRowBlocks } from './gram-form.js';

/** One worker's share of a CKA product; every typed array lives in a SharedArrayBuffer. */
export interface ProductsTask {
  form: CkaForm;
  products: ProductSet;
  /** Column-centred activations, shared, not copied. */
  a: CentredActivations;
  b: CentredActivations;
  /** [1]: index of the next row to take (Atomics.add). */
  next: Int32Array;
  /** [rows * 3]: kl, kk, ll of each row, written by whichever worker ran it. */
  sums: Float64Array;
}

/** The rows of work, in the order they are handed out. */
export function productRows(task: Pick<ProductsTask, 'form' | 'products' | 'a' | 'b'>): number[] {
  return task.form === 'feature'
    ? featureRows(featureBlocks(task.a, task.b), task.products)
    : gramRows(task.a.n).map((_, i) => i);
}

export async function runProductsTask(task: ProductsTask, signal: AbortSignal): Promise<null> {
  const { a, b, next, sums } = task;
  const rows = productRows(task);
  const write = (k: number, s: KernelSums) => sums.set([s.kl, s.kk, s.ll], 3 * k);
  if (task.form === 'feature') {
    const blocks = featureBlocks(a, b);
    const right = rightBlocks(blocks);
    try {
      for (let k = Atomics.add(next, 0, 1); k < rows.length; k = Atomics.add(next, 0, 1)) {
        throwIfAborted(signal, 'CKA');
        write(k, await featureRowSums(blocks, rows[k]!, right.get, task.products));
      }
    } finally {
      right.dispose();
    }
  } else {
    const spans = gramRows(a.n);
    const transposed = transposedRowBlocks(a, b, spans);
    try {
      for (let k = Atomics.add(next, 0, 1); k < rows.length; k = Atomics.add(next, 0, 1)) {
        throwIfAborted(signal, 'CKA');
        write(k, await gramRowSums(a, b, spans, rows[k]!, transposed.get));
      }
    } finally {
      transposed.dispose();
    }
  }
  return null;
}
