/**
 * Step 3 of the study: one inverted dataset per model, through the cache, in this thread or on a pool of worker
 * threads (models given as checkpoint directories only: a worker loads its model from disk).
 */
import { throwIfAborted } from '../errors.js';
import type { InversionProgress } from '../invert/inversion-options.js';
import { cachedInversion, type InversionOutcome, type PairImages } from './cached-inversion.js';
import { InversionCache, type InversionRequest, inversionKey } from './inversion-cache.js';
import { runInversionPool } from './inversion-pool.js';
import type { StudyModel } from './study-models.js';

export interface StudyInversionsOptions {
  pairs: PairImages;
  request: (model: StudyModel) => InversionRequest;
  provenance: (model: StudyModel) => Record<string, unknown>;
  cacheDir?: string;
  /** Worker threads; 1 (default) runs in this thread. */
  concurrency?: number;
  /** Iterations done over all models so far, of `total`. */
  onProgress?: (done: number, total: number, model: string, detail: string) => void;
  signal?: AbortSignal;
}

export async function invertStudyModels(
  models: readonly StudyModel[],
  options: StudyInversionsOptions,
): Promise<{ outcomes: InversionOutcome[]; workers: number }> {
  const { pairs, signal } = options;
  const perModel = (m: StudyModel) =>
    Math.ceil(pairs.shape[0] / options.request(m).settings.batchSize) *
    options.request(m).settings.iterations;
  const total = models.reduce((sum, m) => sum + perModel(m), 0);
  const done = new Array<number>(models.length).fill(0);
  const report = (r: number, value: number, detail: string) => {
    done[r] = value;
    options.onProgress?.(
      done.reduce((a, b) => a + b, 0),
      total,
      models[r]!.id,
      detail,
    );
  };
  const onIteration = (r: number, p: InversionProgress) =>
    report(
      r,
      p.batch * p.iterations + p.iteration,
      `batch ${p.batch + 1}/${p.batches} loss ${p.meanLoss.toFixed(3)}`,
    );
  const finished = (r: number, outcome: InversionOutcome) => report(r, perModel(models[r]!), outcome.source);

  const cache = options.cacheDir ? new InversionCache(options.cacheDir) : undefined;
  const outcomes = new Array<InversionOutcome>(models.length);
  // Finished inversions are read here, so a re-run starts no worker for them.
  const pending: number[] = [];
  for (const [r, model] of models.entries()) {
    const stored = await cache?.load(inversionKey(options.request(model)));
    if (stored) {
      outcomes[r] = { inversion: stored, source: 'cache', batchesComputed: 0 };
      finished(r, outcomes[r]);
    } else pending.push(r);
  }
  const concurrency = Math.min(options.concurrency ?? 1, pending.length);
  if (concurrency > 1 && models.every((m) => m.dir !== undefined)) {
    const jobs = pending.map((r, index) => ({
      index,
      modelDir: models[r]!.dir!,
      pairs,
      request: options.request(models[r]!),
      cacheDir: options.cacheDir,
      provenance: options.provenance(models[r]!),
    }));
    const pooled = await runInversionPool(jobs, {
      concurrency,
      signal,
      onProgress: (j, p) => onIteration(pending[j]!, p),
      onDone: (j, outcome) => finished(pending[j]!, outcome),
    });
    pooled.forEach((outcome, j) => {
      outcomes[pending[j]!] = outcome;
    });
    return { outcomes, workers: concurrency };
  }
  for (const r of pending) {
    throwIfAborted(signal, 'study');
    const model = models[r]!;
    outcomes[r] = await cachedInversion(model.model, pairs, options.request(model), {
      cache,
      provenance: options.provenance(model),
      signal,
      onProgress: (p) => onIteration(r, p),
    });
    finished(r, outcomes[r]);
  }
  return { outcomes, workers: 1 };
}
