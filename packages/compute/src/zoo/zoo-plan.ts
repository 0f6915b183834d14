/**
 * The shipped zoo: every architecture family at three L2 robustness levels, trained on the built-in MNIST.
 * L2 is the threat model of the paper's robust ImageNet models; on MNIST, L2 eps 1 and 2 give clearly
 * different robustness while clean accuracy stays high (eps 0 is standard training).
 */
import { architectures } from '../models/registry.js';
import type { AttackNorm } from '../train/pgd.js';

export interface ZooEntry {
  /** Folder name and model id, e.g. `resnet-l2-eps1`. */
  id: string;
  architectureId: string;
  norm: AttackNorm;
  eps: number;
}

export interface ZooTrainingSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** PGD steps inside adversarial training (step size 2.5 * eps / steps, SPEC §6). */
  attackSteps: number;
  /** Epochs of linear eps ramp-up (see AdversarialOptions.warmupEpochs). */
  warmupEpochs: number;
  /** Built-in MNIST images 0..trainCount-1 train; the rest evaluate. */
  trainCount: number;
  /** Held-out images attacked for the card's robust accuracy. */
  evaluateCount: number;
  /** PGD steps of the evaluation attack. */
  evaluateSteps: number;
  seed: number;
}

export const ZOO_EPS: readonly number[] = [0, 1, 2];

export const ZOO_SETTINGS: ZooTrainingSettings = {
  epochs: 3,
  batchSize: 64,
  learningRate: 2e-3,
  attackSteps: 5,
  warmupEpochs: 1,
  trainCount: 5000,
  evaluateCount: 500,
  evaluateSteps: 20,
  seed: 7,
};

export function zooPlan(eps: readonly number[] = ZOO_EPS, norm: AttackNorm = 'l2'): ZooEntry[] {
  return architectures.flatMap((a) =>
    eps.map((e) => ({ id: `${a.id}-${norm}-eps${e}`, architectureId: a.id, norm, eps: e })),
  );
}
