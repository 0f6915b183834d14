import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { subsetDataset } from '../data/dataset.js';
import { loadCheckpoint } from '../models/checkpoint.js';
import { mnistSplit } from '../train/test-fixtures.js';
import { trainZoo } from './train-zoo.js';
import type { ZooData } from './zoo-data.js';
import { ZOO_RECIPES, zooPlan } from './zoo-plan.js';

let dir: string;
let data: ZooData;
const recipe = ZOO_RECIPES.mnist;
// Two MLPs that differ only in eps: the pair whose shared initial weights zoo v1 could not tell apart.
const plan = zooPlan(recipe).filter((e) => e.id === 'mlp-l2-eps0-r1' || e.id === 'mlp-l2-eps1-r1');
const settings = { maxEpochs: 2, evaluateCount: 60, evaluateSteps: 2, validationAttackSteps: 2 };

beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'simlab-zoo-'));
  const { train: pool, test } = mnistSplit(356, 160);
  const range = (start: number, n: number) => Int32Array.from({ length: n }, (_, i) => start + i);
  const train = subsetDataset(pool, range(0, 256), 'mnist[0:256]');
  const validation = subsetDataset(pool, range(256, 100), 'mnist[256:356]');
  data = { train, validation, evaluation: test };
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('trainZoo', () => {
  it('writes cards with the model seed, the validation split, early stopping and the robustness grid', async () => {
    const index = await trainZoo({ outDir: dir, recipe, plan, data, settings });
    expect(index.map((m) => m.id)).toEqual(plan.map((e) => e.id));
    for (const entry of plan) {
      const { card, model } = await loadCheckpoint(join(dir, entry.id));
      expect(card.seed).toBe(entry.seed);
      expect(card.replicate).toBe(1);
      expect(card.training.validation).toEqual({
        name: data.validation.name,
        hash: data.validation.hash,
        count: 100,
      });
      expect(card.training.earlyStopping?.maxEpochs).toBe(2);
      expect(card.training.earlyStopping?.history.length).toBe(card.training.epochs);
      expect(card.evaluation.robustnessGrid?.map((p) => p.eps)).toEqual([0, 0.5, 1, 2]);
      expect(card.evaluation.robustnessGrid?.[0]?.accuracy).toBe(card.evaluation.cleanAccuracy);
      expect(card.evaluation.gridAttack).toEqual({ norm: 'l2', steps: 2, restarts: 1, randomStart: false });
      expect(card.evaluation.dataset.count).toBe(60);
      const grid = card.evaluation.robustnessGrid!;
      // Accuracy falls (weakly) as the attack grows.
      for (let i = 1; i < grid.length; i++)
        expect(grid[i]!.accuracy).toBeLessThanOrEqual(grid[i - 1]!.accuracy);
      const own = grid.find((p) => p.eps === entry.eps)?.accuracy ?? card.evaluation.cleanAccuracy;
      expect(card.evaluation.robustAccuracy).toBe(own);
      model.dispose();
    }
    const [a, b] = await Promise.all(plan.map((e) => loadCheckpoint(join(dir, e.id))));
    expect(a!.card.weightsHash).not.toBe(b!.card.weightsHash);
    const written = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    expect(written.models.map((m: { seed: number }) => m.seed)).toEqual(plan.map((e) => e.seed));
  });

  it('resumes: finished models are reused, not retrained', async () => {
    const done: string[] = [];
    await trainZoo({
      outDir: dir,
      recipe,
      plan,
      data,
      settings,
      onModelDone: (entry, { reused }) => reused && done.push(entry.id),
      onModelStart: () => {
        throw new Error('nothing should be trained again');
      },
    });
    expect(done).toEqual(plan.map((e) => e.id));
  });

  it('skips a model claimed by a live process and takes over a claim left by a dead one', async () => {
    const other = await mkdtemp(join(tmpdir(), 'simlab-zoo-claims-'));
    const [first, second] = plan;
    await writeFile(join(other, `${first!.id}.lock`), `${process.ppid}\n`); // alive: the test runner's parent
    await writeFile(join(other, `${second!.id}.lock`), '999999999\n'); // no such process
    const outcomes: string[] = [];
    const index = await trainZoo({
      outDir: other,
      recipe,
      plan,
      data,
      settings: { ...settings, maxEpochs: 1 },
      onModelDone: (entry, { claimed, reused }) =>
        outcomes.push(`${entry.id}:${claimed ? 'claimed' : reused ? 'reused' : 'trained'}`),
    });
    expect(outcomes).toEqual([`${first!.id}:claimed`, `${second!.id}:trained`]);
    expect(index.map((m) => m.id)).toEqual([second!.id]);
    await rm(other, { recursive: true, force: true });
  });
});
