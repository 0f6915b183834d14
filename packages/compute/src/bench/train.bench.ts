/**
 * Training throughput per architecture and dataset (issue 10): images per second of standard and of adversarial
 * training (L2 PGD, eps 1, the zoo's attack steps), batch 64, on each zoo's training set, after one warm-up
 * batch. Fashion-MNIST is skipped (and says so) when Debian's dataset-fashion-mnist is not installed.
 */
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { NotFoundError } from '../errors.js';
import { architectures } from '../models/registry.js';
import { trainModel } from '../train/train-model.js';
import { loadZooData } from '../zoo/zoo-data.js';
import { ZOO_DATASETS, ZOO_RECIPES } from '../zoo/zoo-plan.js';
import type { BenchRow } from './bench-row.js';

const BATCH = 64;
const BATCHES = 6;

export async function benchTraining(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const dataset of ZOO_DATASETS) {
    const recipe = ZOO_RECIPES[dataset];
    const train = await loadZooData(recipe).then(
      (data) => data.train,
      (error: unknown) => {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      },
    );
    if (!train) {
      rows.push({ name: `${dataset}: skipped (${dataset} not installed)`, value: Number.NaN, unit: 'img/s' });
      continue;
    }
    rows.push(...(await benchDataset(dataset, train, recipe.settings.attackSteps)));
  }
  return rows;
}

async function benchDataset(name: string, data: Dataset, attackSteps: number): Promise<BenchRow[]> {
  const range = (start: number, n: number) => Int32Array.from({ length: n }, (_, i) => start + i);
  const warmup = subsetDataset(data, range(0, BATCH));
  const timed = subsetDataset(data, range(BATCH, BATCH * BATCHES));
  const rows: BenchRow[] = [];
  for (const architecture of architectures) {
    for (const eps of [0, 1]) {
      const model = architecture.build(data.imageShape, data.classNames.length, 0);
      const adversarial = eps > 0 ? { norm: 'l2' as const, eps, steps: attackSteps } : undefined;
      await trainModel(model, warmup, { epochs: 1, batchSize: BATCH, adversarial });
      const started = performance.now();
      await trainModel(model, timed, { epochs: 1, batchSize: BATCH, adversarial });
      const seconds = (performance.now() - started) / 1000;
      model.dispose();
      rows.push({
        name: `${name} ${architecture.id} ${eps > 0 ? `adversarial (L2 eps 1, PGD-${attackSteps})` : 'standard'}`,
        value: timed.count / seconds,
        unit: 'img/s',
      });
    }
  }
  return rows;
}
