/**
 * The three numbers every linear-kernel CKA needs, for column-centred A [n, p], B [n, q] and K = AA^T,
 * L = BB^T: <K, L> = ||A^T B||_F^2, ||K||_F^2 = ||A^T A||_F^2 and ||L||_F^2 = ||B^T B||_F^2 (SPEC §3).
 * Computed through whichever of the feature form (p x q products, cost ~ n(p+q)^2) or the Gram form
 * (n x n products, cost ~ n^2(p+q)) is cheaper; both exploit symmetry by computing only block pairs i <= j.
 */
import { throwIfAborted } from '../errors.js';
import type { WorkerPool } from '../parallel/worker-pool.js';
import type { Activations } from './activations.js';
import { type Span, spans } from './blocks.js';
import { type CentredActivations, centreColumns } from './centre.js';
import type { CkaForm, KernelSums } from './cka-result.js';
import { FEATURE_BLOCK, featureFormProducts, type ProductSet } from './feature-form.js';
import { GRAM_BLOCK, gramFormProducts } from './gram-form.js';
import { parallelProducts } from './parallel-products.js';

/** kl = <K, L> = ||A^T B||_F^2, kk = ||A^T A||_F^2, ll = ||B^T B||_F^2, and the form that computed them. */
export interface GramInnerProducts extends KernelSums {
  form: CkaForm;
}

export interface FormOptions {
  /** 'auto' (default) picks the form with the smaller estimated cost; the value is the same either way. */
  form?: CkaForm | 'auto';
  /** Checked between block products; aborting throws CancelledError. */
  signal?: AbortSignal;
  /**
   * Worker threads to share the products among (createWorkerPool). Used when the products are large enough
   * to gain from it (estimated cost >= PARALLEL_MIN_COST); the value is the same with or without it.
   */
  pool?: WorkerPool;
}

/**
 * Estimated cost (formCosts units, ~FLOPs) from which products go to the pool: ~5 ms on one thread, where a
 * worker round trip and the copies into each worker's WASM memory are a few percent.
 */
export const PARALLEL_MIN_COST = 1e8;

/** JS work per product entry read back and summed in float64, in matMul FLOP equivalents (rough, measured). */
const READBACK_COST = 20;

/** Estimated cost of each form for these shapes; `chooseForm` takes the smaller. */
export function formCosts(n: number, p: number, q: number): Record<CkaForm, number> {
  const features = [...spans(p, FEATURE_BLOCK), ...spans(q, FEATURE_BLOCK)];
  const rows = spans(n, GRAM_BLOCK);
  // Block pairs i <= j of a symmetric product cover ((sum s)^2 + sum s^2) / 2 entries.
  const feature = pairEntries(features) * (2 * n + READBACK_COST);
  const gram = pairEntries(rows) * (2 * (p + q) + 2 * READBACK_COST);
  return { feature, gram };
}

export function chooseForm(n: number, p: number, q: number): CkaForm {
  const cost = formCosts(n, p, q);
  return cost.feature <= cost.gram ? 'feature' : 'gram';
}

/**
 * <K, L>, ||K||^2 and ||L||^2 through the chosen form. `products: 'cross'` needs <K, L> only (a row
 * shuffle of B leaves ||L|| alone): the feature form then skips the A^T A and B^T B blocks.
 */
export async function gramInnerProducts(
  a: CentredActivations,
  b: CentredActivations,
  options: FormOptions = {},
  products: ProductSet = 'all',
): Promise<GramInnerProducts> {
  const { signal, pool } = options;
  throwIfAborted(signal, 'CKA');
  const form = !options.form || options.form === 'auto' ? chooseForm(a.n, a.p, b.p) : options.form;
  if (pool && pool.size > 1 && formCosts(a.n, a.p, b.p)[form] >= PARALLEL_MIN_COST) {
    return { ...(await parallelProducts(a, b, { form, products, centre: false, pool, signal })), form };
  }
  const sums =
    form === 'feature'
      ? await featureFormProducts(a, b, signal, products)
      : await gramFormProducts(a, b, signal);
  return { ...sums, form };
}

/**
 * `gramInnerProducts` of the column-centred x and y: centring in float64 included, so that with a pool the
 * workers centre too (the feature form), leaving only a copy into shared memory on this thread.
 */
export async function centredInnerProducts(
  x: Activations,
  y: Activations,
  options: FormOptions = {},
): Promise<GramInnerProducts> {
  const { signal, pool } = options;
  throwIfAborted(signal, 'CKA');
  const form = !options.form || options.form === 'auto' ? chooseForm(x.n, x.p, y.p) : options.form;
  if (pool && pool.size > 1 && formCosts(x.n, x.p, y.p)[form] >= PARALLEL_MIN_COST) {
    return { ...(await parallelProducts(x, y, { form, products: 'all', centre: true, pool, signal })), form };
  }
  return gramInnerProducts(centreColumns(x), centreColumns(y), { ...options, form });
}

function pairEntries(blocks: Span[]): number {
  let total = 0;
  let squares = 0;
  for (const { size } of blocks) {
    total += size;
    squares += size * size;
  }
  return (total * total + squares) / 2;
}
