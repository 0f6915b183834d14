/**
 * The study report of issues 9 and 10 through the one pipeline, on a tiny zoo of four untrained MLP checkpoints
 * (two "architectures" x eps {0, 1}, zoo v2 cards with a robustness grid): statistics, marks, headlines, trend
 * tests, STIR and convergence, on worker threads and in this thread, and resumed from the cache.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { loadMnist } from '../data/mnist.js';
import { adjustMatrixPValues } from '../stats/multiple-comparisons.js';
import { useTempDirs } from '../test-support/temp-dirs.js';
import { runStudy } from './run-study.js';
import { readZoo, type StudyModelSpec } from './study-models.js';
import type { StudyParamsOverrides } from './study-params.js';
import type { StudyReport } from './study-report.js';
import type { StudySummaryJson } from './study-summary-json.js';
import { saveTinyCheckpoint } from './test-zoo.js';

const PARAMS: StudyParamsOverrides = {
  pairs: 16,
  inversion: { iterations: 6, batchSize: 8 },
  nullPermutations: 19,
  intervalGroups: 4,
  trendPermutations: 99,
  convergence: [2, 4, 6],
  stir: { inversion: { iterations: 3, batchSize: 8 } },
  contactSheetPairs: 4,
};
const grid = (eps: number, i: number) => [
  { eps: 0, accuracy: 0.9 - eps / 10 },
  { eps: 1, accuracy: 0.2 + eps / 2 + i / 100 },
];
let dataset: Dataset;
let models: StudyModelSpec[];
const tempDir = useTempDirs('pipeline');

beforeAll(async () => {
  await initBackend();
  dataset = subsetDataset(
    loadMnist(),
    Array.from({ length: 300 }, (_, i) => i),
    'mnist-300',
  );
  const zoo = await tempDir();
  for (const [i, [architecture, eps]] of (
    [
      ['mlp', 0],
      ['mlp', 1],
      ['wide', 0],
      ['wide', 1],
    ] as const
  ).entries()) {
    await saveTinyCheckpoint(zoo, `${architecture}-eps${eps}`, i + 1, eps, {
      architecture,
      robustnessGrid: grid(eps, i),
    });
  }
  models = await readZoo(zoo);
});
/** Equal matrices to 1e-6. */
function expectClose(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[]) {
  const [a, b] = [actual.flat(), expected.flat()];
  expect(a).toHaveLength(b.length);
  expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-6);
}

describe('the study report through the pipeline', () => {
  let pooled: StudyReport;
  let cacheDir: string;
  let outDir: string;

  it('computes every statistic, STIR and convergence on worker threads', async () => {
    cacheDir = await tempDir();
    outDir = await tempDir();
    const stages = new Set<string>();
    pooled = await runStudy({
      models,
      dataset,
      params: PARAMS,
      cacheDir,
      outDir,
      concurrency: 2,
      onProgress: (p) => stages.add(p.stage),
    });
    expect(stages).toEqual(
      new Set(['load', 'natural', 'inversion', 'inverted', 'convergence', 'stir', 'artifacts']),
    );
    expect(pooled.schema).toBe('simlab/study-report@2');
    expect(pooled.timings.workers).toBe(2);
  });

  it('gives every off-diagonal cell biased and debiased CKA with intervals and p-values, no replicates', () => {
    for (const matrix of [pooled.natural, pooled.inverted, pooled.stir!.matrix]) {
      matrix.cells.forEach((row, r) => {
        row.forEach((cell, c) => {
          for (const metric of [cell.biased!, cell.debiased!]) {
            expect(metric.replicates).toBeUndefined();
            if (r === c) continue;
            expect(metric.interval).toMatchObject({ method: 'grouped-jackknife', groups: 4, level: 0.95 });
            expect(metric.interval!.lower).toBeLessThanOrEqual(metric.value);
            expect(metric.null!.permutations).toBe(19);
            expect(metric.null!.pValue * 20).toBeCloseTo(Math.round(metric.null!.pValue * 20), 9);
          }
        });
      });
    }
  });

  it('marks cells by Benjamini-Hochberg across each matrix, a natural pair once', () => {
    const { natural, inverted } = pooled.significance;
    const p = (m: StudyReport['natural']) =>
      m.cells.map((row, r) => row.map((cell, c) => (r === c ? undefined : cell.debiased!.null!.pValue)));
    expect(natural).toMatchObject({ method: 'benjamini-hochberg', alpha: 0.05, tests: 6, symmetric: true });
    expect(inverted).toMatchObject({ tests: 12, symmetric: false, pValues: 'debiased', canReject: true });
    const expected = adjustMatrixPValues(p(pooled.inverted), 'benjamini-hochberg', { alpha: 0.05 });
    expect(inverted!.adjusted).toEqual(expected.adjusted.map((row) => row.map((v) => v ?? null)));
    expect(inverted!.distinguishableCount).toBe(expected.rejected.flat().filter((v) => v === true).length);
    expect(natural!.distinguishable[1]![0]).toBe(natural!.distinguishable[0]![1]);
    expect(natural!.distinguishable[2]![2]).toBeNull();
  });

  it('quotes the three like-for-like headlines in both matrices and their paired difference', () => {
    const h = pooled.headlines!;
    expect([
      h.paper!.natural.cells,
      h.crossArchitecture!.natural.cells,
      h.sameArchitecture!.natural.cells,
    ]).toEqual([2, 8, 4]);
    // Paper cells: the eps-0 models of the two architectures, (0, 2) and (2, 0).
    const v = pooled.inverted.cells;
    expect(h.paper!.inverted.debiased.mean).toBeCloseTo(
      (v[0]![2]!.debiased!.value + v[2]![0]!.debiased!.value) / 2,
      12,
    );
    for (const block of [h.paper!, h.crossArchitecture!, h.sameArchitecture!]) {
      for (const metric of ['debiased', 'biased'] as const) {
        expect(block.difference[metric].mean).toBeCloseTo(
          block.natural[metric].mean - block.inverted[metric].mean,
          12,
        );
        expect(block.difference[metric].interval?.groups).toBe(4);
        expect(block.inverted[metric].interval?.lower).toBeLessThanOrEqual(block.inverted[metric].mean);
      }
    }
    expect(h.covers.biased).toMatch(/expected biased CKA at this n, p, q \(n = 16\)/);
  });

  it('tests the trend against training eps and measured robust accuracy, within architecture', () => {
    const { trend } = pooled;
    expect(trend.values).toBe('debiased');
    expect(trend.robustness).toEqual({ eps: 1, norm: 'l2', missing: [] });
    const tests = trend.correlations.map((c) => `${c.covariate} ${c.measure}`);
    expect(tests).toEqual(
      expect.arrayContaining([
        'eps invertedRowMean',
        'eps invertedColumnMean',
        'robustAccuracy invertedRowMean',
      ]),
    );
    for (const c of trend.correlations) {
      expect(c.test).toMatchObject({ permutations: 99, shuffle: 'within-architecture', n: 4 });
      expect(c.test.slopes.map((s) => s.architecture)).toEqual(['mlp', 'wide']);
    }
    expect(pooled.models.map((m) => m.robustAccuracy)).toEqual(
      models.map((m) => m.card!.evaluation.robustnessGrid![1]!.accuracy),
    );
  });

  it('computes STIR in both directions from noise-seeded inversions', () => {
    const stir = pooled.stir!;
    expect(stir.settings.inversion.iterations).toBe(3);
    expect(stir.matrix.kind).toBe('stir');
    expect(stir.directions).toHaveLength(6);
    expect(stir.directions[0]).toEqual({
      a: 'mlp-eps0',
      b: 'mlp-eps1',
      stirBGivenA: stir.matrix.values[0]![1],
      stirAGivenB: stir.matrix.values[1]![0],
    });
    expect(stir.offDiagonalMean.debiased).toBeTypeOf('number');
    expect(pooled.models.every((m) => m.stirInversion?.batchesComputed === 2)).toBe(true);
  });

  it('records the inverted matrix at each checkpoint, the last one the inverted matrix itself', () => {
    const records = pooled.convergence!;
    expect(records.map((r) => r.iteration)).toEqual([2, 4, 6]);
    expect(records[2]!.values).toEqual(pooled.inverted.values);
    // Best-so-far images: the mean loss never rises from one checkpoint to the next.
    expect(records[0]!.meanLoss).toBeGreaterThanOrEqual(records[1]!.meanLoss);
    expect(records[1]!.meanLoss).toBeGreaterThanOrEqual(records[2]!.meanLoss);
    expect(records[0]!.headlines!.crossArchitecture!.debiased.interval).toBeDefined();
    expect(pooled.models[0]!.inversion.checkpoints!.map((c) => c.iteration)).toEqual([2, 4]);
  });

  it('matches, at a checkpoint, a study that stops there', async () => {
    const { convergence: _c, stir: _s, ...rest } = PARAMS;
    const short = await runStudy({
      models,
      dataset,
      params: { ...rest, inversion: { iterations: 4, batchSize: 8 } },
    });
    expectClose(pooled.convergence![1]!.values, short.inverted.values);
  });

  it('gives the same report in this thread, and resumes everything from the cache', async () => {
    const serial = await runStudy({ models, dataset, params: PARAMS });
    const again = await runStudy({ models, dataset, params: PARAMS, cacheDir, concurrency: 2 });
    expect(again.summary.inversions).toEqual({ computed: 0, resumed: 0, cached: 4 });
    expect(again.models.map((m) => m.stirInversion!.source)).toEqual(['cache', 'cache', 'cache', 'cache']);
    expect(again.timings.workers).toBe(1);
    for (const report of [serial, again]) {
      for (const key of ['natural', 'inverted'] as const) expectClose(report[key].values, pooled[key].values);
      expectClose(report.stir!.matrix.values, pooled.stir!.matrix.values);
      report.convergence!.forEach((c, t) => {
        expectClose(c.values, pooled.convergence![t]!.values);
      });
    }
  });

  it('writes summary.json, the summary text and every chart', async () => {
    const files = await readdir(outDir);
    expect(files).toEqual(
      expect.arrayContaining([
        'convergence.svg',
        'stir.svg',
        'trend.svg',
        'trend-robust-accuracy.svg',
        'heatmaps.svg',
        'summary.json',
        'summary.txt',
        'report.json',
      ]),
    );
    expect(await readdir(join(outDir, 'contact-sheets'))).toContain('stir-wide-eps1.png');
    const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as StudySummaryJson;
    expect(summary).toMatchObject({
      preset: 'custom',
      pairs: 16,
      iterations: 6,
      backend: pooled.provenance.backend.name,
    });
    expect(summary.headlines!.paper!.difference.debiased.lower).toBeTypeOf('number');
    expect(summary.trend.tests.length).toBe(pooled.trend.correlations.length);
    expect(summary.convergence!.map((c) => c.iteration)).toEqual([2, 4, 6]);
    const text = await readFile(join(outDir, 'summary.txt'), 'utf8');
    for (const part of [
      'eps 0, other architectures',
      'the expected biased CKA at this n, p, q (n = 16)',
      'Benjamini-Hochberg at alpha 0.05',
      'permutations of the covariate within architecture',
      'robust acc (l2 eps 1)',
      'Prediction agreement',
      'STIR(others | m)',
      'Convergence',
    ]) {
      expect(text).toContain(part);
    }
    const heatmaps = await readFile(join(outDir, 'heatmaps.svg'), 'utf8');
    expect(heatmaps).toContain('not distinguishable from the null');
  });
});
