import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createL2MomentumStep } from './l2-momentum-step.js';
import { createL2Step, projectL2 } from './l2-step.js';
import { createLinfStep } from './linf-step.js';

beforeAll(async () => {
  await initBackend();
});

const norm = (v: number[]) => Math.hypot(...v);

describe('attack steps', () => {
  it('L2 projection scales the difference down to eps per sample and clamps to [0, 1]', () => {
    const x0 = tf.tensor2d([
      [0.5, 0.5],
      [0.1, 0.1],
    ]);
    const x = tf.tensor2d([
      [0.9, 0.8],
      [0.1, 0.12],
    ]);
    const p = projectL2(x, x0, 0.1).arraySync() as number[][];
    expect(norm([p[0]![0]! - 0.5, p[0]![1]! - 0.5])).toBeCloseTo(0.1, 6); // was 0.5 away: scaled to eps
    expect(p[1]![1]).toBeCloseTo(0.12, 6); // inside the ball: unchanged
    const clamped = projectL2(
      tf.tensor2d([[1.4, -0.2]]),
      tf.tensor2d([[0.9, 0.1]]),
      10,
    ).arraySync() as number[][];
    expect(clamped[0]).toEqual([1, 0]);
  });

  it('L2 step moves stepSize along the normalised gradient', () => {
    const step = createL2Step({ eps: 10, stepSize: 0.5 });
    const out = step.step(tf.tensor2d([[0, 0]]), tf.tensor2d([[3, 4]]), {});
    expect(Array.from(out.x.dataSync())).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
  });

  it('L2-momentum step: m starts at zero and accumulates (1 - momentum) of each normalised gradient', () => {
    const step = createL2MomentumStep({ eps: 10, stepSize: 1, momentum: 0.9 });
    const x0 = tf.tensor2d([[0, 0]]);
    const s0 = step.init(x0);
    expect(Array.from(s0.m.dataSync())).toEqual([0, 0]);
    const a = step.step(x0, tf.tensor2d([[0, 2]]), s0); // m = 0.1 * (0, 1)
    const b = step.step(a.x, tf.tensor2d([[5, 0]]), a.state); // m = 0.09 * (0, 1) + 0.1 * (1, 0)
    expect(Array.from(b.state.m.dataSync())).toEqual([expect.closeTo(0.1, 6), expect.closeTo(0.09, 6)]);
    expect(Array.from(b.x.dataSync())).toEqual([expect.closeTo(0.1, 6), expect.closeTo(0.19, 6)]);
  });

  it('selectSamples copies whole samples exactly for a mixed choice', async () => {
    const { selectSamples } = await import('./per-sample.js');
    const a = tf.randomNormal([3, 2, 2, 1], 0, 1, 'float32', 3);
    const b = tf.randomNormal([3, 2, 2, 1], 0, 1, 'float32', 4);
    const out = selectSamples([true, false, true], a, b).dataSync();
    const [av, bv] = [a.dataSync(), b.dataSync()];
    expect(Array.from(out)).toEqual([...av.slice(0, 4), ...bv.slice(4, 8), ...av.slice(8, 12)]);
  });

  it('Linf random start stays in the ball and in [0, 1]; L2 random start lies on the sphere (before clamping)', () => {
    const x0 = tf.fill([4, 3, 3, 1], 0.5);
    const linf = createLinfStep({ eps: 0.1, stepSize: 0.01 }).randomStart!(x0, 1).dataSync();
    expect(linf.every((v) => v >= 0.4 - 1e-6 && v <= 0.6 + 1e-6)).toBe(true);
    const l2 = createL2Step({ eps: 0.2, stepSize: 0.01 }).randomStart!(x0, 2).arraySync() as number[][][][];
    const d = l2[0]!.flat(2).map((v) => v - 0.5);
    expect(norm(d)).toBeCloseTo(0.2, 5);
  });
});
