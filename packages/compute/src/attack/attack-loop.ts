/**
 * The one generic attack loop: inversion (SPEC §4) and PGD (SPEC §6) are this loop with different
 * objectives, directions and steps. Per iteration t = 0..T-1, for the current iterate x_t:
 *
 *   1. l = objective(x_t) [b] and g = d(mean l)/dx_t, in one forward + backward pass
 *   2. use_best: where l beats bestLoss STRICTLY, best = x_t and bestLoss = l (the pre-step iterate with its
 *      own loss, robustness `replace_best`)
 *   3. x_{t+1} = project(step(x_t, ±g)); a sample whose gradient is exactly zero takes no step (its iterate
 *      and step state stay as they were) and is counted, never NaN
 * then x_T is scored once more and considered for best: iterates 0..T are all candidates.
 *
 * Checkpoints (convergence, SPEC §4 use_best): after step 2 of iteration t the best-so-far iterate is the best
 * of iterates 0..t, which is exactly what a run with `iterations = t` returns (it scores x_t once more after
 * its loop); so one run reports the result of every shorter run it passes through.
 *
 * Every phase runs in tf.tidy, so no tensor outlives an iteration except the iterate, best and step state.
 * `signal` is checked before every iteration and the loop yields to the event loop after each one, so an
 * abort from a callback or from another task stops it within one iteration (CancelledError).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradient functions; tfjs-layers registers them all on import (its Node bundle
// inlines them; tfjs-core's own register_all_gradients module is not loadable by Node's ESM resolver).
import '@tensorflow/tfjs-layers';
import { InvalidArgumentError, NonFiniteError, ShapeMismatchError, throwIfAborted } from '../errors.js';
import { withInputGradientScope } from '../kernels/input-gradient-scope.js';
import type { AttackStep, StepState } from './attack-step.js';
import { perSampleL2Norm, selectSamples } from './per-sample.js';

export type AttackDirection = 'minimise' | 'maximise';

export interface AttackProgress {
  /** Iterations finished, 1..iterations. */
  iteration: number;
  iterations: number;
  /** Objective of each sample at the pre-step iterate of this iteration. */
  losses: Float32Array;
  /** Samples whose gradient was exactly zero this iteration (they took no step). */
  zeroGradient: number;
}

export interface AttackLoopOptions<S extends StepState> {
  /** Centre of the allowed set (seeds, clean images) [b, ...]; not disposed. */
  x0: tf.Tensor;
  /** First iterate (e.g. a random start); default x0. Not disposed. */
  start?: tf.Tensor;
  /** Per-sample objective [b]; must be differentiable in x. Called inside the loop's tidy. */
  objective: (x: tf.Tensor) => tf.Tensor;
  direction: AttackDirection;
  step: AttackStep<S>;
  /** Number of steps T >= 0 (T + 1 iterates are scored). */
  iterations: number;
  /** Return each sample's best iterate (true, the default) or the last one. */
  useBest?: boolean;
  signal?: AbortSignal;
  onIteration?: (progress: AttackProgress) => void;
  /** Names the work in cancellation and error messages, e.g. 'inversion batch 3'. */
  label?: string;
  /**
   * The b of g = d(sum l / b)/dx; default the samples in x0. A slice of a batch run on another thread passes
   * the whole batch's size, so every sample's gradient is scaled (and rounded) exactly as in the batch.
   */
  meanOver?: number;
  /**
   * Iterations t in 0..iterations at which to report what a run with `iterations = t` would return (each
   * sample's best of iterates 0..t with use_best, else x_t), through `onCheckpoint`.
   */
  checkpoints?: readonly number[];
  /** Awaited; `x` belongs to the loop and is disposed once the returned promise settles (copy what you keep). */
  onCheckpoint?: (checkpoint: AttackCheckpoint) => void | Promise<void>;
  /**
   * Differentiate the objective in the input-gradient scope (kernels/input-gradient-scope.ts): layers treat
   * their weights as constants and skip weight gradients; same values to float32 rounding. Default false.
   */
  inputGradientsOnly?: boolean;
}

export interface AttackCheckpoint {
  iteration: number;
  /** Best-so-far (or current) iterate per sample [b, ...]. */
  x: tf.Tensor;
  /** Objective at `x`, per sample. */
  losses: Float32Array;
}

export interface AttackLoopResult {
  /** Best (or last) iterate per sample [b, ...]; the caller disposes it. */
  x: tf.Tensor;
  /** Objective at the returned iterate. */
  losses: Float32Array;
  /** Objective at iterate 0 (the start). */
  initialLosses: Float32Array;
  /** Mean objective of iterates 0..T (T + 1 values; float64 sums). */
  lossCurve: Float64Array;
  /** Per sample, the iterations in which its gradient was exactly zero and it took no step. */
  zeroGradientSteps: Uint32Array;
}

/** Tensors carried from one iteration to the next; bestLoss lives on the CPU (exact float32 copies). */
interface Carry<S> {
  x: tf.Tensor;
  best: tf.Tensor;
  state: S;
}

export async function runAttackLoop<S extends StepState>(
  options: AttackLoopOptions<S>,
): Promise<AttackLoopResult> {
  const { x0, objective, direction, step, iterations, signal, onIteration } = options;
  const label = options.label ?? 'attack';
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new InvalidArgumentError(`iterations ${iterations} must be an integer >= 0`);
  }
  const checkpoints = new Set(options.checkpoints ?? []);
  for (const t of checkpoints) {
    if (!Number.isInteger(t) || t < 0 || t > iterations) {
      throw new InvalidArgumentError(
        `${label}: checkpoint ${t} is not an iteration of this run; give integers in 0..${iterations}`,
      );
    }
  }
  const useBest = options.useBest ?? true;
  if (options.start && options.start.shape.join() !== x0.shape.join()) {
    throw new ShapeMismatchError(
      `${label}: start [${options.start.shape}] and x0 [${x0.shape}] differ in shape; start from a point of x0's shape`,
    );
  }
  const b = x0.shape[0] ?? 1;
  const sign = direction === 'minimise' ? -1 : 1;
  const beats = (l: number, best: number) => (sign < 0 ? l < best : l > best);
  // Any finite loss beats this, so iterate 0 becomes the first best (SPEC: best = s, bestLoss = loss(s)).
  const bestLoss = new Float32Array(b).fill(-sign * Number.POSITIVE_INFINITY);
  const lossCurve = new Float64Array(iterations + 1);
  const zeroGradientSteps = new Uint32Array(b);
  let initialLosses: Float32Array | undefined;
  let carry: Carry<S> = tf.tidy(() => {
    const start = tf.clone(options.start ?? x0);
    return { x: start, best: tf.clone(start), state: step.init(x0) };
  });
  try {
    for (let t = 0; t < iterations; t++) {
      throwIfAborted(signal, label);
      // 1. per-sample loss and the ascent direction: +grad when maximising, -grad when minimising
      const gradient = () => lossAndGradient(carry.x, objective, sign, options.meanOver);
      const { losses, g, gradNorms } = tf.tidy(() =>
        options.inputGradientsOnly ? withInputGradientScope(gradient) : gradient(),
      );
      const [l, norms] = (await Promise.all([losses.data(), gradNorms.data()])) as [
        Float32Array,
        Float32Array,
      ];
      tf.dispose([losses, gradNorms]);
      try {
        assertFinite(l, `${label}: objective`, t);
        assertFinite(norms, `${label}: gradient norm`, t);
      } catch (error) {
        g.dispose();
        throw error;
      }
      // 2. use_best on the pre-step iterate, 3. step and project all samples with a gradient
      const better = Array.from(l, (v, i) => beats(v, bestLoss[i]!));
      const active = Array.from(norms, (v) => v > 0);
      const previous = carry;
      carry = tf.tidy(() => {
        const moved = step.step(previous.x, g, previous.state);
        const projected = step.project(moved.x, x0);
        const state = Object.fromEntries(
          Object.entries(moved.state).map(([k, v]) => [k, selectSamples(active, v, previous.state[k]!)]),
        ) as S;
        return {
          x: selectSamples(active, projected, previous.x),
          best: selectSamples(better, previous.x, previous.best),
          state,
        };
      });
      g.dispose();
      better.forEach((yes, i) => {
        if (yes) bestLoss[i] = l[i]!;
      });
      try {
        if (checkpoints.has(t)) {
          await options.onCheckpoint?.(
            useBest
              ? { iteration: t, x: carry.best, losses: bestLoss.slice() }
              : { iteration: t, x: previous.x, losses: l },
          );
        }
      } finally {
        tf.dispose(tensorsOf(previous));
      }
      active.forEach((yes, i) => {
        if (!yes) zeroGradientSteps[i]!++;
      });
      initialLosses ??= l;
      lossCurve[t] = mean(l);
      onIteration?.({
        iteration: t + 1,
        iterations,
        losses: l,
        zeroGradient: active.filter((a) => !a).length,
      });
      await yieldToEventLoop();
    }
    throwIfAborted(signal, label);
    // The final iterate x_T: scored once more, a candidate like the others.
    const scored = tf.tidy(() => objective(carry.x));
    const finalLosses = (await scored.data()) as Float32Array;
    scored.dispose();
    assertFinite(finalLosses, `${label}: objective`, iterations);
    lossCurve[iterations] = mean(finalLosses);
    initialLosses ??= finalLosses;
    const better = Array.from(finalLosses, (v, i) => beats(v, bestLoss[i]!));
    const last = carry;
    const x = useBest ? selectSamples(better, last.x, last.best) : tf.clone(last.x);
    tf.dispose(tensorsOf(last));
    const losses = useBest
      ? Float32Array.from(finalLosses, (v, i) => (better[i] ? v : bestLoss[i]!))
      : finalLosses;
    if (checkpoints.has(iterations)) {
      try {
        await options.onCheckpoint?.({ iteration: iterations, x, losses: losses.slice() });
      } catch (error) {
        x.dispose();
        throw error;
      }
    }
    return { x, losses, initialLosses, lossCurve, zeroGradientSteps };
  } catch (error) {
    tf.dispose(tensorsOf(carry));
    throw error;
  }
}

function lossAndGradient(
  x: tf.Tensor,
  objective: (x: tf.Tensor) => tf.Tensor,
  sign: number,
  meanOver?: number,
) {
  const b = x.shape[0] ?? 1;
  // SPEC §4: g = d(mean l)/dx, i.e. backprop of dy = 1/b per sample
  const dy = tf.fill([b], 1 / (meanOver ?? b));
  const { value: losses, grads } = tf.valueAndGrads((v: tf.Tensor) => objective(v))([x], dy);
  const g = sign < 0 ? tf.neg(grads[0]!) : grads[0]!;
  return { losses, g, gradNorms: perSampleL2Norm(g) };
}

function tensorsOf<S extends StepState>(carry: Carry<S>): tf.Tensor[] {
  return [carry.x, carry.best, ...Object.values(carry.state)];
}

function assertFinite(values: Float32Array, what: string, iteration: number): void {
  const i = values.findIndex((v) => !Number.isFinite(v));
  if (i >= 0) {
    throw new NonFiniteError(
      `${what} of sample ${i} is ${values[i]} at iteration ${iteration}; check the model and the inputs ` +
        '(a model that outputs NaN, or images outside its expected range)',
    );
  }
}

function mean(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
