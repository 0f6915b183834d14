/**
 * A tiny zoo on disk for the study's tests: untrained MLP checkpoints with model cards claiming a training eps.
 * Enough for the mechanics (loading, worker threads, caching); the science tests train their models.
 */
import { join } from 'node:path';
import { saveCheckpoint } from '../models/checkpoint.js';
import { buildMlp } from '../models/mlp.js';

const dataset = { name: 'mnist', hash: 'f'.repeat(64), count: 300 };

export interface TinyCheckpointOptions {
  /** The card's architecture id; default 'mlp' (the weights are an MLP whatever it says). */
  architecture?: string;
  /** Accuracy on the card's robustness grid (L2, as zoo v2 cards); default none (a card before zoo v2). */
  robustnessGrid?: { eps: number; accuracy: number }[];
}

/** Saves an MLP (one hidden layer of 16 + seed units) for 28x28x1 MNIST under `zoo/id`. */
export async function saveTinyCheckpoint(
  zoo: string,
  id: string,
  seed: number,
  eps: number,
  options: TinyCheckpointOptions = {},
): Promise<string> {
  const dir = join(zoo, id);
  const model = buildMlp({ inputShape: [28, 28, 1], classes: 10, seed, hidden: [16 + seed] });
  const attack = { steps: 2, stepSize: eps, randomStart: false };
  await saveCheckpoint(dir, model, {
    architectureId: options.architecture ?? 'mlp',
    seed,
    training: { dataset, norm: 'l2', eps, epochs: 0, batchSize: 50, learningRate: 1e-3, attack },
    evaluation: {
      dataset,
      cleanAccuracy: 0.1,
      robustAccuracy: 0.1,
      attack: { ...attack, norm: 'l2', eps, restarts: 1 },
      ...(options.robustnessGrid && {
        robustnessGrid: options.robustnessGrid,
        gridAttack: { norm: 'l2', steps: 2, restarts: 1, randomStart: false },
      }),
    },
    backend: 'cpu',
    codeVersion: 'test',
    timings: { trainSeconds: 0, evaluateSeconds: 0 },
    createdAt: new Date(0).toISOString(),
  });
  model.dispose();
  return dir;
}
