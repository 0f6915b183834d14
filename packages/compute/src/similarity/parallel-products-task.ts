/**
 * The worker side of parallel CKA products (parallel-products.ts). The feature form has its own phases
 * (parallel-feature-task.ts); the Gram form takes the next row block from a shared counter, computes its sums
 * with the function the single-threaded path uses, writes them to the row's slot, and repeats. Rows are
 * handed out largest first, so the workers finish together.
 */
import { throwIfAborted } from '../errors.js';
import type { CentredActivations } from './centre.js';
import { gramRowSums, gramRows, transposedRowBlocks } from './gram-form.js';
import { type FeatureTask, runFeatureTask } from './parallel-feature-task.js';

/** One worker's share of a Gram-form product; every typed array lives in a SharedArrayBuffer. */
export interface GramTask {
  form: 'gram';
  /** Column-centred activations, shared, not copied. */
  a: CentredActivations;
  b: CentredActivations;
  /** [1]: index of the next row block to take (Atomics.add). */
  next: Int32Array;
  /** [rows * 3]: kl, kk, ll of each row block, written by whichever worker ran it. */
  sums: Float64Array;
}

export type ProductsTask = FeatureTask | GramTask;

export function runProductsTask(task: ProductsTask, signal: AbortSignal): Promise<null> {
  return task.form === 'feature' ? runFeatureTask(task, signal) : runGramTask(task, signal);
}

async function runGramTask({ a, b, next, sums }: GramTask, signal: AbortSignal): Promise<null> {
  const rows = gramRows(a.n);
  const transposed = transposedRowBlocks(a, b, rows);
  try {
    for (let k = Atomics.add(next, 0, 1); k < rows.length; k = Atomics.add(next, 0, 1)) {
      throwIfAborted(signal, 'CKA');
      const s = await gramRowSums(a, b, rows, k, transposed.get);
      sums.set([s.kl, s.kk, s.ll], 3 * k);
    }
  } finally {
    transposed.dispose();
  }
  return null;
}
