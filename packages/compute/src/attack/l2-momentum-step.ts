/**
 * L2 step with momentum on the normalised gradient, the inversion step of SPEC §4 (Jones et al. 2022):
 *
 *   m = momentum * m + (1 - momentum) * g / ||g||_2;   x = x + stepSize * m;   project to the L2 ball, [0, 1]
 *
 * (ascent form; the loop passes -grad when minimising, see attack-step.ts). m starts at zero for every batch.
 *
 * Computed sample by sample in plain JS (norms summed in float64, each result rounded once to float32) rather
 * than as ~25 small TF.js ops: on the WASM backend those ops cost more than the arithmetic (~15% of an
 * inversion iteration at batch 16), and every value here is per sample anyway. Equal to the TF.js formulation
 * (l2-step.ts's normalise and projectL2) to float32 rounding; l2-momentum-step.test.ts checks it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttackStep, BallStepOptions } from './attack-step.js';

export interface L2MomentumStepOptions extends BallStepOptions {
  /** Weight of the previous direction, in [0, 1). */
  momentum: number;
}

type MomentumState = { m: tf.Tensor };

export function createL2MomentumStep({
  eps,
  stepSize,
  momentum,
}: L2MomentumStepOptions): AttackStep<MomentumState> {
  return {
    name: 'l2-momentum',
    init: (x0) => ({ m: tf.zerosLike(x0) }),
    step: (x, g, { m }) => {
      const [next, moved] = momentumStep(values(x), values(g), values(m), sampleSize(x), {
        stepSize,
        momentum,
      });
      return { x: tf.tensor(moved, x.shape), state: { m: tf.tensor(next, m.shape) } };
    },
    project: (x, x0) => tf.tensor(projectL2Values(values(x), values(x0), sampleSize(x), eps), x.shape),
  };
}

/**
 * One momentum step on [b, size] values: returns the new direction m' and the moved x' = x + stepSize m'.
 * A sample whose g is all zero keeps m' = momentum m (the loop freezes such samples anyway).
 */
export function momentumStep(
  x: Float32Array,
  g: Float32Array,
  m: Float32Array,
  size: number,
  { stepSize, momentum }: { stepSize: number; momentum: number },
): [Float32Array, Float32Array] {
  const next = new Float32Array(m.length);
  const moved = new Float32Array(x.length);
  for (let start = 0; start < x.length; start += size) {
    const end = start + size;
    const norm = Math.sqrt(squaredNorm(g, start, end));
    const scale = (1 - momentum) / (norm > 0 ? norm : 1); // a zero gradient stays zero
    for (let k = start; k < end; k++) {
      const mk = Math.fround(momentum * m[k]! + scale * g[k]!);
      next[k] = mk;
      moved[k] = x[k]! + stepSize * mk;
    }
  }
  return [next, moved];
}

/**
 * SPEC §4's projection on [b, size] values: d = x - x0 scaled down to ||d||_2 <= eps per sample, then
 * clamp(x0 + d, 0, 1). Inside the ball x0 + d is x itself (float64 arithmetic on float32 values is exact here).
 */
export function projectL2Values(x: Float32Array, x0: Float32Array, size: number, eps: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let start = 0; start < x.length; start += size) {
    const end = start + size;
    let norm = 0;
    for (let k = start; k < end; k++) norm += (x[k]! - x0[k]!) ** 2;
    norm = Math.sqrt(norm);
    const scale = norm > eps ? eps / norm : 1;
    for (let k = start; k < end; k++) {
      const v = scale === 1 ? x[k]! : x0[k]! + (x[k]! - x0[k]!) * scale;
      out[k] = Math.min(Math.max(v, 0), 1);
    }
  }
  return out;
}

function squaredNorm(v: Float32Array, start: number, end: number): number {
  let s = 0;
  for (let k = start; k < end; k++) s += v[k]! * v[k]!;
  return s;
}

/** Values per sample of a [b, ...] tensor. */
function sampleSize(x: tf.Tensor): number {
  return x.size / (x.shape[0] ?? 1);
}

function values(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}
