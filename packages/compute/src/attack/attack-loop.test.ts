import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { CancelledError, NonFiniteError } from '../errors.js';
import { runAttackLoop } from './attack-loop.js';
import { createL2MomentumStep } from './l2-momentum-step.js';
import { createL2Step } from './l2-step.js';
import { createLinfStep } from './linf-step.js';

beforeAll(async () => {
  await initBackend();
});

/** Per-sample squared distance to `centre` [b, d]. */
const distanceTo = (centre: tf.Tensor) => (x: tf.Tensor) => tf.sum(tf.square(tf.sub(x, centre)), 1);

describe('runAttackLoop', () => {
  it('minimises: the returned loss is the lowest over iterates 0..T and belongs to the returned iterate', async () => {
    const x0 = tf.tensor2d([
      [0.1, 0.9, 0.2],
      [0.8, 0.1, 0.5],
    ]);
    const centre = tf.tensor2d([
      [0.5, 0.5, 0.5],
      [0.3, 0.6, 0.4],
    ]);
    const seen: number[][] = [];
    const result = await runAttackLoop({
      x0,
      objective: distanceTo(centre),
      direction: 'minimise',
      // A long step overshoots, so later iterates are not always better: use_best matters.
      step: createL2Step({ eps: 1000, stepSize: 0.3 }),
      iterations: 6,
      onIteration: ({ losses }) => seen.push(Array.from(losses)),
    });
    const finalLoss = Array.from(tf.tidy(() => distanceTo(centre)(result.x)).dataSync());
    for (let i = 0; i < 2; i++) {
      expect(result.losses[i]).toBeLessThanOrEqual(Math.min(...seen.map((l) => l[i]!)));
      expect(result.losses[i]).toBeLessThanOrEqual(result.initialLosses[i]!);
      expect(finalLoss[i]).toBeCloseTo(result.losses[i]!, 6);
    }
    expect(result.initialLosses[0]).toBeCloseTo(0.41, 5);
    expect(result.lossCurve).toHaveLength(7);
    tf.dispose([x0, centre, result.x]);
  });

  it('replaces the best only on strict improvement: an equal loss keeps the earlier iterate', async () => {
    // (0.25 - 0.5)^2 = (0.75 - 0.5)^2 = 0.0625 exactly; a step of 0.5 jumps between the two.
    const x0 = tf.tensor2d([[0.25]]);
    const options = {
      x0,
      objective: distanceTo(tf.tensor2d([[0.5]])),
      direction: 'minimise' as const,
      step: createL2Step({ eps: 1000, stepSize: 0.5 }),
      iterations: 3,
    };
    const best = await runAttackLoop(options);
    const last = await runAttackLoop({ ...options, useBest: false });
    expect(Array.from(best.x.dataSync())).toEqual([0.25]);
    expect(Array.from(last.x.dataSync())).toEqual([0.75]);
    expect(Array.from(best.losses)).toEqual([0.0625]);
    tf.dispose([x0, best.x, last.x]);
  });

  it('freezes a sample whose gradient is exactly zero, counts it, and produces no NaN', async () => {
    const x0 = tf.tensor2d([
      [0.2, 0.4],
      [0.3, 0.6],
    ]);
    const w = tf.tensor2d([
      [1, -1],
      [0, 0],
    ]); // sample 1's loss does not depend on x
    const result = await runAttackLoop({
      x0,
      objective: (x) => tf.sum(tf.mul(x, w), 1),
      direction: 'minimise',
      step: createL2MomentumStep({ eps: 1000, stepSize: 0.1, momentum: 0.9 }),
      iterations: 4,
    });
    const x = Array.from(result.x.dataSync());
    expect(x.every(Number.isFinite)).toBe(true);
    expect(x.slice(2)).toEqual(Array.from(x0.dataSync()).slice(2));
    expect(x[0]).toBeLessThan(0.2);
    expect(Array.from(result.zeroGradientSteps)).toEqual([0, 4]);
    tf.dispose([x0, w, result.x]);
  });

  it('stops within one iteration when aborted from the progress callback', async () => {
    const x0 = tf.tensor2d([[0.1, 0.2]]);
    const controller = new AbortController();
    const iterations: number[] = [];
    const run = runAttackLoop({
      x0,
      objective: distanceTo(tf.tensor2d([[0.9, 0.9]])),
      direction: 'minimise',
      step: createL2Step({ eps: 1000, stepSize: 0.01 }),
      iterations: 50,
      signal: controller.signal,
      onIteration: ({ iteration }) => {
        iterations.push(iteration);
        if (iteration === 3) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(iterations).toEqual([1, 2, 3]);
    x0.dispose();
  });

  it('yields to the event loop each iteration, so an abort from another task lands before the next one', async () => {
    const x0 = tf.tensor2d([[0.1, 0.2]]);
    const controller = new AbortController();
    const iterations: number[] = [];
    const run = runAttackLoop({
      x0,
      objective: distanceTo(tf.tensor2d([[0.9, 0.9]])),
      direction: 'minimise',
      step: createL2Step({ eps: 1000, stepSize: 0.01 }),
      iterations: 50,
      signal: controller.signal,
      onIteration: ({ iteration }) => {
        iterations.push(iteration);
        if (iteration === 2) setImmediate(() => controller.abort()); // e.g. a cancel request arriving
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(iterations).toEqual([1, 2]);
    x0.dispose();
  });

  it('keeps the number of live tensors constant across iterations and frees everything it made', async () => {
    const x0 = tf.tensor2d([[0.1, 0.2, 0.3]]);
    const centre = tf.tensor2d([[0.7, 0.7, 0.7]]);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const result = await runAttackLoop({
      x0,
      objective: distanceTo(centre),
      direction: 'minimise',
      step: createL2MomentumStep({ eps: 1000, stepSize: 0.05, momentum: 0.9 }),
      iterations: 8,
      onIteration: () => counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts).size).toBe(1);
    result.x.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x0, centre]);
  });

  it('refuses a NaN objective with NonFiniteError naming the sample and iteration', async () => {
    const x0 = tf.tensor2d([[0.5], [0.5]]);
    const before = tf.memory().numTensors;
    const run = runAttackLoop({
      x0,
      objective: (x) => tf.mul(tf.sum(x, 1), tf.tensor1d([1, Number.NaN])),
      direction: 'minimise',
      step: createL2Step({ eps: 1, stepSize: 0.1 }),
      iterations: 3,
    });
    await expect(run).rejects.toThrow(/sample 1 is NaN at iteration 0/);
    await expect(run).rejects.toBeInstanceOf(NonFiniteError);
    expect(tf.memory().numTensors).toBe(before);
    x0.dispose();
  });

  it('maximises with the Linf step inside the Linf ball and [0, 1]', async () => {
    const x0 = tf.tensor2d([[0.5, 0.02, 0.97]]);
    const result = await runAttackLoop({
      x0,
      objective: distanceTo(tf.tensor2d([[0.4, 0.4, 0.4]])),
      direction: 'maximise',
      step: createLinfStep({ eps: 0.05, stepSize: 0.02 }),
      iterations: 10,
    });
    const x = Array.from(result.x.dataSync());
    const start = Array.from(x0.dataSync());
    x.forEach((v, i) => {
      expect(Math.abs(v - start[i]!)).toBeLessThanOrEqual(0.05 + 1e-6);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    });
    expect(result.losses[0]).toBeGreaterThan(result.initialLosses[0]!);
    tf.dispose([x0, result.x]);
  });

  describe('checkpoints', () => {
    const x0 = () =>
      tf.tensor2d([
        [0.1, 0.9, 0.2],
        [0.8, 0.1, 0.5],
      ]);
    const centre = () =>
      tf.tensor2d([
        [0.5, 0.5, 0.5],
        [0.3, 0.6, 0.4],
      ]);
    // Momentum and a long step overshoot, so the best iterate is often not the last one.
    const step = createL2MomentumStep({ eps: 1000, stepSize: 0.3, momentum: 0.5 });

    for (const useBest of [true, false]) {
      it(`reports at iteration t what a run of t iterations returns (useBest ${useBest})`, async () => {
        const [start, c] = [x0(), centre()];
        const snapshots: { iteration: number; x: number[]; losses: number[] }[] = [];
        const options = {
          x0: start,
          objective: distanceTo(c),
          direction: 'minimise' as const,
          step,
          useBest,
        };
        const long = await runAttackLoop({
          ...options,
          iterations: 8,
          checkpoints: [0, 2, 5, 8],
          onCheckpoint: ({ iteration, x, losses }) => {
            snapshots.push({ iteration, x: Array.from(x.dataSync()), losses: Array.from(losses) });
          },
        });
        expect(snapshots.map((s) => s.iteration)).toEqual([0, 2, 5, 8]);
        for (const snapshot of snapshots) {
          const short = await runAttackLoop({ ...options, iterations: snapshot.iteration });
          expect(snapshot.x).toEqual(Array.from(short.x.dataSync()));
          expect(snapshot.losses).toEqual(Array.from(short.losses));
          short.x.dispose();
        }
        expect(snapshots[3]!.x).toEqual(Array.from(long.x.dataSync()));
        tf.dispose([start, c, long.x]);
      });
    }

    it('frees the snapshots it hands out and refuses a checkpoint outside 0..iterations', async () => {
      const [start, c] = [x0(), centre()];
      const before = tf.memory().numTensors;
      const result = await runAttackLoop({
        x0: start,
        objective: distanceTo(c),
        direction: 'minimise',
        step,
        iterations: 4,
        checkpoints: [1, 3],
        onCheckpoint: async () => {},
      });
      result.x.dispose();
      expect(tf.memory().numTensors).toBe(before);
      const bad = runAttackLoop({
        x0: start,
        objective: distanceTo(c),
        direction: 'minimise',
        step,
        iterations: 4,
        checkpoints: [5],
      });
      await expect(bad).rejects.toThrow(
        /checkpoint 5 is not an iteration of this run; give integers in 0..4/,
      );
      tf.dispose([start, c]);
    });
  });
});
