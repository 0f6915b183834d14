/** The study's progress fraction: inversion iterations weighted by their measured wall time, never going back. */
import { describe, expect, it } from 'vitest';
import type { InversionProgress } from '../invert/inversion-options.js';
import type { StudyPlan } from './plan.js';
import { createStudyProgress, type StudyProgress } from './study-progress.js';

const ITERATIONS = 100;

/** Three models (an MLP and two Mixers), one inversion each of one batch, no cells: only inversions count. */
const plan = {
  models: [
    { id: 'mlp', architecture: 'mlp' },
    { id: 'mixer-a', architecture: 'mixer' },
    { id: 'mixer-b', architecture: 'mixer' },
  ],
  inversions: [0, 1, 2].map((row) => ({
    row,
    batches: 1,
    request: { settings: { iterations: ITERATIONS } },
  })),
  natural: { cells: [] },
  inverted: [],
  convergence: [],
} as unknown as StudyPlan;

const step = (iteration: number): InversionProgress => ({
  batch: 0,
  batches: 1,
  iteration,
  iterations: ITERATIONS,
  meanLoss: 0,
  minLoss: 0,
  maxLoss: 0,
  zeroGradient: 0,
});

function tracked() {
  let clock = 0;
  const events: StudyProgress[] = [];
  const progress = createStudyProgress(
    plan,
    (p) => events.push(p),
    undefined,
    () => clock,
  );
  /** Runs iterations from..to of a row's inversion at `ms` per iteration. */
  const invert = (row: number, from: number, to: number, ms: number) => {
    for (let i = from; i <= to; i++) {
      clock += ms;
      progress.inversion('pairs', row, step(i));
    }
  };
  return { progress, events, invert, last: () => events.at(-1)!.fraction };
}

describe('study progress', () => {
  it('weighs iterations by their measured time, estimating a model not started from its architecture', () => {
    const t = tracked();
    t.invert(1, 1, 50, 10); // a Mixer half done at 10 ms per iteration; the other Mixer is estimated alike
    t.invert(0, 1, ITERATIONS, 1); // the MLP: 1 ms per iteration
    t.progress.inverted('pairs', 0, 'computed');
    // (100 x 1 + 50 x 10) / (100 x 1 + 100 x 10 + 100 x 10); by iteration count it would be 0.5.
    expect(t.last()).toBeCloseTo(600 / 2100, 6);
    t.invert(1, 51, ITERATIONS, 10);
    t.progress.inverted('pairs', 1, 'computed');
    t.invert(2, 1, ITERATIONS, 10);
    t.progress.inverted('pairs', 2, 'computed');
    expect(t.last()).toBeCloseTo(1, 12);
  });

  it('never goes back when a slower model raises the estimate of the work left', () => {
    const t = tracked();
    t.invert(0, 1, ITERATIONS, 1);
    t.progress.inverted('pairs', 0, 'computed');
    // Only the MLP measured: every iteration weighs alike, a third done.
    expect(t.last()).toBeCloseTo(1 / 3, 6);
    // A Mixer's first iterations count as the MLP's until its own are measured (105 of 300), then the Mixers
    // weigh 10x: 300 of 2100 done, under what was shown, which stays.
    t.invert(1, 1, 20, 10);
    const fractions = t.events.map((e) => e.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(t.last()).toBeCloseTo(105 / 300, 6);
    t.invert(1, 21, ITERATIONS, 10);
    t.invert(2, 1, 80, 10);
    // (100 + 1000 + 800) / 2100: past the third, by cost.
    expect(t.last()).toBeCloseTo(1900 / 2100, 6);
  });
});
