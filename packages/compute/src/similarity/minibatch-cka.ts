/**
 * Minibatch CKA (Nguyen, Raghu, Kornblith, ICLR 2021): the unbiased HSIC of each minibatch, averaged over
 * batches, so that n is bounded by time rather than memory:
 *
 *     CKA_mb = mean_b HSIC_1(K_b, L_b) / sqrt(mean_b HSIC_1(K_b, K_b) * mean_b HSIC_1(L_b, L_b))
 *
 * Provenance note (SPEC §3): each batch keeps its own 1/(m(m-3)) factor, so every per-batch term is an
 * unbiased estimate whatever its size and a short last batch is exact; public implementations that keep
 * only the last batch or mis-parenthesise the normaliser were not copied. Tested against a direct
 * computation.
 */
import { DegenerateInputError, InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { createRng } from '../random.js';
import {
  type Activations,
  type ActivationsInput,
  MIN_INPUTS,
  toActivations,
  validateActivations,
  validateSide,
} from './activations.js';
import { type Span, spans } from './blocks.js';
import { centreColumns, rowSquaredNorms } from './centre.js';
import type { CkaForm, CkaResult, KernelSums } from './cka-result.js';
import { debiasedRatio, unbiasedTerms } from './debiased-cka.js';
import { type FormOptions, gramInnerProducts } from './gram-inner-products.js';
import { sliceRows, takeRows } from './rows.js';

export interface MinibatchCkaResult extends CkaResult {
  metric: 'minibatch';
  /** Number of minibatches averaged. */
  batches: number;
}

/** Streaming accumulator: feed batches with `update`, read the running estimate with `value`. */
export interface MinibatchCka {
  /** Adds one minibatch (the same m >= 4 inputs on both sides; p and q fixed across batches). */
  update(a: ActivationsInput, b: ActivationsInput): Promise<void>;
  /** The estimate over the batches so far. @throws InvalidArgumentError before the first batch. */
  value(): MinibatchCkaResult;
}

/** `form` picks the per-batch product form (default 'auto'); `signal` cancels within a batch. */
export type MinibatchCkaOptions = FormOptions;

export function createMinibatchCka(options: MinibatchCkaOptions = {}): MinibatchCka {
  const sum: KernelSums = { kl: 0, kk: 0, ll: 0 };
  let batches = 0;
  let n = 0;
  let shape: { p: number; q: number; form: CkaForm } | undefined;

  const update = async (aInput: ActivationsInput, bInput: ActivationsInput): Promise<void> => {
    const a = toActivations(aInput);
    const b = toActivations(bInput);
    checkBatch(a, b, batches, shape);
    const x = centreColumns(a);
    const y = centreColumns(b);
    const { form, ...products } = await gramInnerProducts(x, y, options);
    const h = unbiasedTerms(products, rowSquaredNorms(x), rowSquaredNorms(y), a.n); // HSIC_1, own 1/(m(m-3))
    sum.kl += h.kl;
    sum.kk += h.kk;
    sum.ll += h.ll;
    batches += 1;
    n += a.n;
    shape ??= { p: a.p, q: b.p, form };
  };

  const value = (): MinibatchCkaResult => {
    if (!shape) throw new InvalidArgumentError('minibatch CKA has no batches yet; call update(a, b) first');
    const mean = { kl: sum.kl / batches, kk: sum.kk / batches, ll: sum.ll / batches };
    return { value: debiasedRatio(mean, n), metric: 'minibatch', n, ...shape, batches };
  };

  return { update, value };
}

function checkBatch(
  a: Activations,
  b: Activations,
  index: number,
  shape: { p: number; q: number } | undefined,
): void {
  if (a.n !== b.n) {
    throw new ShapeMismatchError(
      `minibatch ${index}: A is ${a.n} x ${a.p} but B is ${b.n} x ${b.p}; n must match`,
    );
  }
  if (a.n < MIN_INPUTS) {
    throw new DegenerateInputError(
      `minibatch ${index} has ${a.n} inputs; the unbiased HSIC needs at least ${MIN_INPUTS} per batch`,
    );
  }
  if (shape && (a.p !== shape.p || b.p !== shape.q)) {
    throw new ShapeMismatchError(
      `minibatch ${index} is A ${a.n} x ${a.p}, B ${b.n} x ${b.p}; earlier batches had p=${shape.p}, q=${shape.q}`,
    );
  }
  // A batch may be constant on one side (its terms are then 0); only the totals must be positive.
  validateSide(a, `A (minibatch ${index})`, { requireVariation: false });
  validateSide(b, `B (minibatch ${index})`, { requireVariation: false });
}

export interface MinibatchCkaRunOptions extends MinibatchCkaOptions {
  /** Rows per batch; default 256. A last batch of fewer than 4 rows is merged into the one before. */
  batchSize?: number;
  /** When set, rows are shuffled with this seed before batching (use it when the rows are sorted by class). */
  seed?: number;
}

/**
 * Minibatch CKA of activations that fit in memory, over consecutive batches of `batchSize` rows.
 * @throws as `validateActivations`; InvalidArgumentError for a batchSize below 4.
 */
export async function minibatchCka(
  a: ActivationsInput,
  b: ActivationsInput,
  options: MinibatchCkaRunOptions = {},
): Promise<MinibatchCkaResult> {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < MIN_INPUTS) {
    throw new InvalidArgumentError(
      `batchSize must be an integer >= ${MIN_INPUTS}, got ${batchSize}; the default is 256`,
    );
  }
  let x = toActivations(a);
  let y = toActivations(b);
  validateActivations(x, y);
  if (options.seed !== undefined) {
    const order = createRng(options.seed).permutation(x.n);
    x = takeRows(x, order);
    y = takeRows(y, order);
  }
  const acc = createMinibatchCka(options);
  for (const { start, size } of batchSpans(x.n, batchSize)) {
    await acc.update(sliceRows(x, start, size), sliceRows(y, start, size));
  }
  return acc.value();
}

/** Consecutive batches of `size` rows; a remainder under 4 rows joins the last full batch. */
export function batchSpans(n: number, size: number): Span[] {
  const out = spans(n, size);
  const last = out.at(-1);
  if (out.length > 1 && last && last.size < MIN_INPUTS) {
    out.pop();
    out.at(-1)!.size += last.size;
  }
  return out;
}
