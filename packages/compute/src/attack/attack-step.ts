/**
 * An attack step (after MadryLab robustness `attack_steps.py`): a tiny object that moves an iterate along a
 * gradient and projects it back into the allowed set. The loop (attack-loop.ts) is separate and generic.
 *
 * Sign convention: `step` always ASCENDS along `g`. The loop hands it the gradient of the objective when
 * maximising (PGD on cross-entropy) and its negation when minimising (inversion, SPEC §4), so that
 * "x + stepSize * m(-g)" is exactly the SPEC's "x - stepSize * m(g)" (negation is exact in floating point).
 */
import type * as tf from '@tensorflow/tfjs-core';

/** Per-batch state of a step; every tensor has the batch as its first axis, so the loop can freeze samples. */
export type StepState = Record<string, tf.Tensor>;

export interface AttackStep<S extends StepState = StepState> {
  /** 'l2', 'linf', 'l2-momentum': recorded with results. */
  readonly name: string;
  /** State at the start of every batch (the momentum starts at zero; nothing carries over between batches). */
  init(x0: tf.Tensor): S;
  /**
   * One ascent step from x along g (both [b, ...]); returns new tensors, disposes nothing.
   * g is never all-zero for a sample the loop keeps: zero-gradient samples are frozen by the loop.
   */
  step(x: tf.Tensor, g: tf.Tensor, state: S): { x: tf.Tensor; state: S };
  /** Back into the eps ball around x0, then into [0, 1]. */
  project(x: tf.Tensor, x0: tf.Tensor): tf.Tensor;
  /** A random point of the eps ball around x0, clipped to [0, 1] (PGD random start). */
  randomStart?(x0: tf.Tensor, seed: number): tf.Tensor;
}

/** Sizes of a norm-ball step. */
export interface BallStepOptions {
  /** Radius of the ball around the starting images, > 0 (Infinity allowed for L2: no ball). */
  eps: number;
  /** Length of each step in the ball's norm, > 0. */
  stepSize: number;
}
