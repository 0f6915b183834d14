import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { loadMnist } from '../data/mnist.js';
import { CancelledError } from '../errors.js';
import { buildMlp } from '../models/mlp.js';
import { useTempDirs } from '../test-support/temp-dirs.js';
import { trainModel } from '../train/train-model.js';
import { runStudy, type StudyOptions } from './run-study.js';
import type { StudyModelSpec } from './study-models.js';
import type { StudyParamsOverrides } from './study-params.js';
import type { StudyReport } from './study-report.js';

// Two batches of 4 pairs per model, so that a run can stop between batches and resume.
const PARAMS: StudyParamsOverrides = {
  pairs: 8,
  inversion: { iterations: 4, batchSize: 4 },
  nullPermutations: 3,
  bootstrapResamples: 4,
  contactSheetPairs: 4,
};
let dataset: Dataset;
let models: StudyModelSpec[];
const tempDir = useTempDirs('study');

beforeAll(async () => {
  await initBackend();
  const mnist = loadMnist();
  dataset = subsetDataset(
    mnist,
    Array.from({ length: 300 }, (_, i) => i),
    'mnist-300',
  );
  const standard = buildMlp({ inputShape: [28, 28, 1], classes: 10, seed: 1, hidden: [16] });
  const robust = buildMlp({ inputShape: [28, 28, 1], classes: 10, seed: 2, hidden: [24, 12] });
  await trainModel(standard, dataset, { epochs: 1, batchSize: 50 });
  await trainModel(robust, dataset, {
    epochs: 1,
    batchSize: 50,
    adversarial: { norm: 'l2', eps: 1, steps: 2 },
  });
  models = [
    { id: 'mlp-standard', architecture: 'mlp', eps: 0, norm: 'l2', model: standard },
    { id: 'mlp2-robust', architecture: 'mlp2', eps: 1, norm: 'l2', model: robust },
  ];
});

const study = (extra: Partial<StudyOptions>) =>
  runStudy({ models, dataset, preset: 'quick', params: PARAMS, ...extra });

describe('runStudy', () => {
  let first: StudyReport;
  let cacheDir: string;

  it('runs end to end on two trained models and writes its report, heatmaps, trend chart and contact sheets', async () => {
    cacheDir = await tempDir();
    const outDir = await tempDir();
    const stages = new Set<string>();
    first = await study({ cacheDir, outDir, onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(['load', 'natural', 'inversion', 'inverted', 'artifacts']);
    expect(first.params.preset).toBe('custom');
    expect(first.pairs.count).toBe(8);
    expect(first.pairs.seedLabels.every((l, i) => l !== first.pairs.targetLabels[i])).toBe(true);
    expect(first.dataset.hash).toBe(dataset.hash);
    // In-memory models have no card: the pairs come from the whole dataset, and the report says why.
    expect(first.images).toMatchObject({ from: 0, to: 300, rule: 'whole-dataset' });
    expect(first.images!.notes.join('\n')).toMatch(/mlp-standard: no model card/);
    expect(first.models.map((m) => m.weightsHash)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.any(String),
    ]);
    expect(first.models.map((m) => m.inversion.source)).toEqual(['computed', 'computed']);
    expect(first.models[0]!.inversion.meanLoss).toBeLessThan(first.models[0]!.inversion.meanSeedLoss);
    const { natural, inverted } = first;
    expect(natural.values[0]![1]).toBe(natural.values[1]![0]);
    expect(inverted.values[0]![0]).toBeCloseTo(1, 5);
    expect(inverted.values[1]![1]).toBeCloseTo(1, 5);
    expect(first.summary.invertedOffDiagonalMean).toBeCloseTo(
      (inverted.values[0]![1]! + inverted.values[1]![0]!) / 2,
      12,
    );
    expect(first.summary.naturalNullMean).toBeGreaterThan(0);
    expect(inverted.cells[0]![1]!.interval?.groups).toBe(4);
    // Prediction agreement: shares of each row's inversions that each column model labels target or seed.
    for (const share of [...first.agreement.target.flat(), ...first.agreement.seed.flat()]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    expect(first.agreement.target[0]![0]! + first.agreement.seed[0]![0]!).toBeLessThanOrEqual(1);
    expect(first.provenance.backend.name).toBeTypeOf('string');
    expect(first.provenance.codeVersion).toMatch(/^@simlab\/compute@/);
    expect(first.timings.totalMs).toBeGreaterThan(first.timings.inversionMs);

    const files = await readdir(outDir);
    expect(files.sort()).toEqual([
      'contact-sheets',
      'heatmap-inverted.svg',
      'heatmap-natural.svg',
      'heatmaps.svg',
      'report.json',
      'summary.json',
      'summary.txt',
      'trend.svg',
    ]);
    const report = JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8')) as StudyReport;
    expect(report.inverted.values).toEqual(first.inverted.values);
    expect(report.pairs.targetIndices).toEqual(first.pairs.targetIndices);
    const heatmaps = await readFile(join(outDir, 'heatmaps.svg'), 'utf8');
    expect(heatmaps).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // Heatmaps show debiased CKA (the value the study quotes).
    expect(heatmaps).toContain(`>${inverted.cells[0]![1]!.debiased!.value.toFixed(2)}<`);
    expect(heatmaps).toContain('mlp2-robust');
    // Two models of two architectures: points to plot, but no trend test (3 needed); the summary says why.
    expect(await readFile(join(outDir, 'trend.svg'), 'utf8')).toContain('<circle');
    const sheet = await readFile(join(outDir, 'contact-sheets', 'mlp-standard.png'));
    expect(sheet.subarray(1, 4).toString()).toBe('PNG');
    const text = await readFile(join(outDir, 'summary.txt'), 'utf8');
    expect(text).toContain('Headlines: mean off-diagonal CKA over like-for-like cells');
    expect(text).toMatch(/note: .*2 models \(a trend test needs 3\)/);
  });

  it('reuses every finished inversion from the cache on a re-run, with identical results', async () => {
    const again = await study({ cacheDir });
    expect(again.models.map((m) => [m.inversion.source, m.inversion.batchesComputed])).toEqual([
      ['cache', 0],
      ['cache', 0],
    ]);
    expect(again.summary.inversions).toEqual({ computed: 0, resumed: 0, cached: 2 });
    expect(again.inverted.values).toEqual(first.inverted.values);
  });

  it('recomputes when an inversion parameter changes', async () => {
    const changed = await runStudy({
      models: models.slice(),
      dataset,
      params: { ...PARAMS, inversion: { iterations: 3, batchSize: 4 } },
      cacheDir,
    });
    expect(changed.summary.inversions.computed).toBe(2);
  });

  it('resumes after a cancellation from the last finished batch and gives the uninterrupted result', async () => {
    const resumeCache = await tempDir();
    const controller = new AbortController();
    const stopped = study({
      cacheDir: resumeCache,
      signal: controller.signal,
      onProgress: (p) => {
        // The first batch of the first model is stored before the second starts.
        if (p.stage === 'inversion' && p.detail?.startsWith('batch 2/2')) controller.abort();
      },
    });
    await expect(stopped).rejects.toThrow(CancelledError);
    const resumed = await study({ cacheDir: resumeCache });
    expect(resumed.models.map((m) => [m.inversion.source, m.inversion.batchesComputed])).toEqual([
      ['resumed', 1],
      ['computed', 2],
    ]);
    expect(resumed.inverted.values).toEqual(first.inverted.values);
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await study({ params: { ...PARAMS, nullPermutations: 0, bootstrapResamples: 0 } });
    expect(tf.memory().numTensors).toBe(before);
  });
});
