/**
 * Training throughput per architecture (issue 3): images per second of standard and of adversarial training
 * (L2 PGD, eps 1, the zoo's 5 steps), batch 64, on the built-in MNIST, after one warm-up batch.
 */
import { subsetDataset } from '../data/dataset.js';
import { loadMnist } from '../data/mnist.js';
import { architectures } from '../models/registry.js';
import { trainModel } from '../train/train-model.js';
import { ZOO_RECIPES } from '../zoo/zoo-plan.js';

const ZOO_SETTINGS = ZOO_RECIPES.mnist.settings;

import type { BenchRow } from './bench-row.js';

const BATCH = 64;
const BATCHES = 6;

export async function benchTraining(): Promise<BenchRow[]> {
  const mnist = loadMnist();
  const warmup = subsetDataset(
    mnist,
    Int32Array.from({ length: BATCH }, (_, i) => i),
  );
  const timed = subsetDataset(
    mnist,
    Int32Array.from({ length: BATCH * BATCHES }, (_, i) => BATCH + i),
  );
  const rows: BenchRow[] = [];
  for (const architecture of architectures) {
    for (const eps of [0, 1]) {
      const model = architecture.build(mnist.imageShape, 10, 0);
      const adversarial = eps > 0 ? { norm: 'l2' as const, eps, steps: ZOO_SETTINGS.attackSteps } : undefined;
      await trainModel(model, warmup, { epochs: 1, batchSize: BATCH, adversarial });
      const started = performance.now();
      await trainModel(model, timed, { epochs: 1, batchSize: BATCH, adversarial });
      const seconds = (performance.now() - started) / 1000;
      model.dispose();
      rows.push({
        name: `${architecture.id} ${eps > 0 ? `adversarial (L2 eps 1, PGD-${ZOO_SETTINGS.attackSteps})` : 'standard'}`,
        value: timed.count / seconds,
        unit: 'img/s',
      });
    }
  }
  return rows;
}
