/**
 * Projected gradient descent (Madry et al. 2018) on the cross-entropy loss, maximised, in an L2 or Linf ball:
 * the generic attack loop (src/attack/attack-loop.ts) with cross-entropy as the objective and the L2 or Linf
 * step, i.e. MadryLab robustness `Attacker.forward` semantics: optional random start; each step ascends along
 * the gradient (sign for Linf, normalised for L2) and projects back into the ball and [0, 1]; per sample the
 * iterate with the highest loss is returned (`use_best`, iterates 0..steps all candidates); with several
 * restarts, a later restart's example replaces the earlier one where it is misclassified (robustness
 * `random_restarts`). The model runs in inference mode (SPEC §2).
 */
import * as tf from '@tensorflow/tfjs-core';
import { runAttackLoop } from '../attack/attack-loop.js';
import type { AttackStep } from '../attack/attack-step.js';
import { createL2Step } from '../attack/l2-step.js';
import { createLinfStep } from '../attack/linf-step.js';
import { InvalidArgumentError } from '../errors.js';
import { logitsOf, type ModelLike } from '../models/classifier.js';
import { perSampleCrossEntropy } from './loss.js';

export type AttackNorm = 'l2' | 'linf';

export interface PgdOptions {
  norm: AttackNorm;
  /** Radius of the ball, >= 0; 0 returns a copy of the input. */
  eps: number;
  /** Number of ascent steps, >= 1. */
  steps: number;
  /** Default 2.5 * eps / steps, the robustness library's usual choice (SPEC §6). */
  stepSize?: number;
  /** Independent attacks, >= 1; more than one needs `randomStart`. Default 1. */
  restarts?: number;
  /** Start from a random point of the ball. Default false. */
  randomStart?: boolean;
  /** Seed of the random starts (restart r uses seed + r). Default 0. */
  seed?: number;
  signal?: AbortSignal;
}

/** The parameters an attack ran with, defaults resolved, for provenance. */
export interface PgdParams {
  norm: AttackNorm;
  eps: number;
  steps: number;
  stepSize: number;
  restarts: number;
  randomStart: boolean;
}

/**
 * Resolves defaults and validates.
 * @throws InvalidArgumentError for a negative or non-finite eps, steps < 1, a non-positive step size,
 *   restarts < 1, or restarts > 1 without randomStart (they would repeat one deterministic attack).
 */
export function resolvePgdParams(options: PgdOptions): PgdParams {
  const { norm, eps, steps } = options;
  if (norm !== 'l2' && norm !== 'linf') {
    throw new InvalidArgumentError(`norm ${JSON.stringify(norm)} is not supported; use 'l2' or 'linf'`);
  }
  if (!Number.isFinite(eps) || eps < 0)
    throw new InvalidArgumentError(`eps ${eps} must be a finite number >= 0`);
  if (!Number.isInteger(steps) || steps < 1)
    throw new InvalidArgumentError(`steps ${steps} must be an integer >= 1`);
  const stepSize = options.stepSize ?? (2.5 * eps) / steps;
  if (!Number.isFinite(stepSize) || stepSize < 0 || (stepSize === 0 && eps > 0)) {
    throw new InvalidArgumentError(`stepSize ${stepSize} must be a finite number > 0 (or 0 with eps 0)`);
  }
  const restarts = options.restarts ?? 1;
  const randomStart = options.randomStart ?? false;
  if (!Number.isInteger(restarts) || restarts < 1) {
    throw new InvalidArgumentError(`restarts ${restarts} must be an integer >= 1`);
  }
  if (restarts > 1 && !randomStart) {
    throw new InvalidArgumentError(
      `restarts ${restarts} without randomStart would repeat one attack; set randomStart`,
    );
  }
  return { norm, eps, steps, stepSize, restarts, randomStart };
}

/**
 * Adversarial examples for images x [n, h, w, c] in [0, 1] with int32 labels y [n], against a TF.js layers model
 * or any ClassifierModel (an imported ONNX model). Returns a new tensor;
 * the caller disposes it. At eps 0 the ball is the single point x, so x is returned (as a copy) without
 * running the loop: every iterate would equal x.
 * @throws InvalidArgumentError for bad options (see resolvePgdParams); CancelledError when `signal` fires
 *   (checked before every step).
 */
export async function pgdAttack(
  model: ModelLike,
  x: tf.Tensor4D,
  y: tf.Tensor1D,
  options: PgdOptions,
): Promise<tf.Tensor4D> {
  const params = resolvePgdParams(options);
  if (params.eps === 0) return x.clone();
  const seed = options.seed ?? 0;
  const ball = { eps: params.eps, stepSize: params.stepSize };
  const step: AttackStep = params.norm === 'linf' ? createLinfStep(ball) : createL2Step(ball);
  const objective = (input: tf.Tensor) => perSampleCrossEntropy(logitsOf(model, input), y);

  let result: tf.Tensor4D | undefined;
  try {
    for (let r = 0; r < params.restarts; r++) {
      const start = params.randomStart ? step.randomStart!(x, seed + r) : undefined;
      const run = await runAttackLoop({
        x0: x,
        start,
        objective,
        direction: 'maximise',
        step,
        iterations: params.steps,
        signal: options.signal,
        label: `PGD (${params.norm}, eps ${params.eps}) restart ${r + 1}`,
      }).finally(() => start?.dispose());
      const adv = run.x as tf.Tensor4D;
      if (!result) {
        result = adv;
        continue;
      }
      const previous = result;
      result = tf.tidy(() => {
        const fooled = tf.notEqual(tf.argMax(logitsOf(model, adv), 1), y); // [n]
        return tf.where(tf.reshape(fooled, [-1, 1, 1, 1]), adv, previous) as tf.Tensor4D;
      });
      tf.dispose([previous, adv]);
    }
  } catch (error) {
    result?.dispose();
    throw error;
  }
  return result!;
}
