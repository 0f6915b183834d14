/**
 * What the server stored, recomputed in the test process with @simlab/compute from the bytes the server serves:
 * checkpoint files and inverted images through GET /blobs/<sha256>, pixels through the dataset and inversion
 * image routes. The server's own code is never called, so a mistake in how it picks images, orders cells or
 * maps values shows as a difference here.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Activations,
  type ClassifierModel,
  cellStatistics,
  cka,
  initBackend,
  loadClassifier,
  type MetricStatistics,
  readNpy,
  representations,
} from '@simlab/compute';
import { expect } from 'vitest';
import { getModels } from '../../../apps/server/src/db/model.queries.js';
import type { TestServer } from '../../../apps/server/src/test-support/test-server.js';

/** Images per forward pass, as the server's cells use (compute's study presets). */
const REPRESENTATION_BATCH = 256;

/** GET `path` from the server; fails with its answer unless 200. */
export async function fetchBytes(t: TestServer, path: string): Promise<Buffer> {
  const res = await fetch(`${t.url}${path}`);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

/** A float32 .npy the server serves (images [n, h, w, c]), as flat NHWC floats. */
export async function fetchImages(t: TestServer, path: string): Promise<Float32Array> {
  const array = readNpy(await fetchBytes(t, path), path);
  expect(array.dtype, `${path} holds float32 pixels`).toBe('f4');
  return array.data as Float32Array;
}

/** The images of an inversion's stored batches, in pair order (batch URLs as GraphQL gives them). */
export async function fetchBatches(t: TestServer, imageUrls: readonly string[]): Promise<Float32Array> {
  const parts = await Promise.all(imageUrls.map((url) => fetchImages(t, url)));
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all;
}

/** Keeps the models it downloads (each once) and the folders they were written to. */
export interface ModelDownloads {
  /** The stored checkpoint of `modelId`, downloaded file by file from /blobs and loaded by compute. */
  load(modelId: string): Promise<ClassifierModel>;
  dispose(): Promise<void>;
}

export function createModelDownloads(t: TestServer): ModelDownloads {
  const loaded = new Map<string, Promise<ClassifierModel>>();
  const dirs: string[] = [];
  const download = async (modelId: string) => {
    await initBackend();
    const [row] = await getModels(t.server.services.db, [modelId]);
    if (!row?.files) throw new Error(`model ${modelId} has no stored files`);
    const dir = await mkdtemp(join(tmpdir(), 'simlab-reference-'));
    dirs.push(dir);
    for (const [name, sha256] of Object.entries(row.files)) {
      await writeFile(join(dir, name), await fetchBytes(t, `/blobs/${sha256}`));
    }
    return (await loadClassifier(dir)).model;
  };
  return {
    load(modelId) {
      if (!loaded.has(modelId)) loaded.set(modelId, download(modelId));
      return loaded.get(modelId)!;
    },
    async dispose() {
      for (const model of loaded.values()) (await model).dispose();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The representation (SPEC §2) of `images` through `model`, as the server's cells read it. */
export function representationOf(model: ClassifierModel, images: Float32Array): Promise<Activations> {
  return representations(model, images, { layer: 'representation', batchSize: REPRESENTATION_BATCH });
}

/** The cell statistics a request asked for (SimilarityOptionsInput), as compute takes them. */
export interface CellStatisticsRequest {
  nullPermutations: number;
  /** Jackknife groups G (the input's bootstrapResamples). */
  groups: number;
  level: number;
  seed: number;
}

/** compute's numbers for one cell: CKA of each estimator, and off the diagonal their intervals and nulls. */
export interface ReferenceCell {
  biased: MetricStatistics;
  debiased: MetricStatistics;
}

/**
 * One cell recomputed: biased (linear) and debiased CKA through compute's `cka`, and with `statistics` their
 * grouped-jackknife intervals and permutation nulls through compute's `cellStatistics` (the groups and shuffles
 * come from the seed alone, so the same seed gives the same numbers).
 */
export async function referenceCell(
  a: Activations,
  b: Activations,
  statistics: CellStatisticsRequest | null,
): Promise<ReferenceCell> {
  const biased = (await cka(a, b, { metric: 'linear' })).value;
  const debiased = (await cka(a, b, { metric: 'debiased' })).value;
  if (!statistics) return { biased: { value: biased }, debiased: { value: debiased } };
  const stats = await cellStatistics(a, b, {
    intervalGroups: statistics.groups,
    level: statistics.level,
    permutations: statistics.nullPermutations,
    seed: statistics.seed,
  });
  expect(stats.biased.value, 'cellStatistics and cka agree on biased CKA').toBeCloseTo(biased, 6);
  expect(stats.debiased.value, 'cellStatistics and cka agree on debiased CKA').toBeCloseTo(debiased, 6);
  return { biased: stats.biased, debiased: stats.debiased };
}

/** The GraphQL selection of a SimilarityResult that `expectResultMatches` reads. */
export const RESULT_VALUES = `value n p q
  biased { ...ckaStatistics } debiased { ...ckaStatistics }
  nullBaseline { mean std permutations pValue } confidenceInterval { low high level resamples }`;

/** Append to a query that selects RESULT_VALUES. */
export const CKA_STATISTICS_FRAGMENT = `fragment ckaStatistics on CkaStatistics {
  value
  interval { method level groups lower upper estimate standardError }
  nullBaseline { mean std permutations pValue }
}`;

interface StoredStatistics {
  value: number;
  interval: {
    method: string;
    level: number;
    groups: number;
    lower: number;
    upper: number;
    estimate: number;
    standardError: number;
  } | null;
  nullBaseline: { mean: number; std: number; permutations: number; pValue: number | null } | null;
}

/** A SimilarityResult as RESULT_VALUES selects it. */
export interface StoredResult {
  value: number;
  n: number;
  p: number;
  q: number;
  biased: StoredStatistics | null;
  debiased: StoredStatistics | null;
  nullBaseline: { mean: number; std: number; permutations: number; pValue: number | null } | null;
  confidenceInterval: { low: number; high: number; level: number; resamples: number } | null;
}

const TOLERANCE = 1e-6;

/**
 * A stored linear-CKA result equals compute's cell on the same activations to 1e-6: its value and n, p, q; both
 * estimators' values; and with `statistics` each interval (lower <= estimate <= upper, the same bounds, level and
 * groups) and each null (p-value in (0, 1], the same p-value, mean and std); without it, no interval or null.
 */
export function expectResultMatches(
  stored: StoredResult,
  reference: ReferenceCell,
  shape: { n: number; p: number; q: number },
  statistics: CellStatisticsRequest | null,
  label: string,
): void {
  expect({ n: stored.n, p: stored.p, q: stored.q }, `${label}: n, p, q`).toEqual(shape);
  expectClose(stored.value, reference.biased.value, `${label}: value (linear CKA)`);
  for (const estimator of ['biased', 'debiased'] as const) {
    const mine = stored[estimator];
    const theirs = reference[estimator];
    const where = `${label}: ${estimator}`;
    expect(mine, `${where} statistics are stored`).not.toBeNull();
    expectClose(mine!.value, theirs.value, `${where} value`);
    if (!statistics) {
      expect(mine!.interval, `${where}: no interval was asked for`).toBeNull();
      expect(mine!.nullBaseline, `${where}: no null was asked for`).toBeNull();
      continue;
    }
    const interval = mine!.interval;
    expect(interval, `${where} interval`).not.toBeNull();
    expect(interval!.lower, `${where}: lower <= estimate`).toBeLessThanOrEqual(interval!.estimate);
    expect(interval!.estimate, `${where}: estimate <= upper`).toBeLessThanOrEqual(interval!.upper);
    expect(interval!.lower, `${where}: a real interval`).toBeLessThan(interval!.upper);
    expect(interval!.method, `${where} interval method`).toBe('grouped-jackknife');
    expect(interval!.level, `${where} interval level`).toBe(statistics.level);
    expect(interval!.groups, `${where} interval groups`).toBe(theirs.interval!.groups);
    expectClose(interval!.estimate, theirs.interval!.estimate, `${where} interval estimate`);
    expectClose(interval!.lower, theirs.interval!.lower, `${where} interval lower`);
    expectClose(interval!.upper, theirs.interval!.upper, `${where} interval upper`);
    expectClose(interval!.standardError, theirs.interval!.standardError, `${where} standard error`);
    const baseline = mine!.nullBaseline;
    expect(baseline, `${where} null`).not.toBeNull();
    expect(baseline!.permutations, `${where} null permutations`).toBe(statistics.nullPermutations);
    expect(baseline!.pValue, `${where}: p-value in (0, 1]`).toBeGreaterThan(0);
    expect(baseline!.pValue, `${where}: p-value in (0, 1]`).toBeLessThanOrEqual(1);
    expectClose(baseline!.pValue!, theirs.null!.pValue, `${where} null p-value`);
    expectClose(baseline!.mean, theirs.null!.mean, `${where} null mean`);
    expectClose(baseline!.std, theirs.null!.std, `${where} null std`);
  }
  // The metric's own (deprecated) fields are the biased estimator's, as metric LINEAR quotes it.
  if (statistics) {
    expectClose(
      stored.confidenceInterval!.low,
      reference.biased.interval!.lower,
      `${label}: confidenceInterval`,
    );
    expectClose(
      stored.confidenceInterval!.high,
      reference.biased.interval!.upper,
      `${label}: confidenceInterval`,
    );
    expectClose(
      stored.nullBaseline!.pValue!,
      reference.biased.null!.pValue,
      `${label}: nullBaseline p-value`,
    );
  } else {
    expect(stored.confidenceInterval, `${label}: no interval`).toBeNull();
    expect(stored.nullBaseline, `${label}: no null`).toBeNull();
  }
}

export function expectClose(actual: number, expected: number, label: string, tolerance = TOLERANCE): void {
  expect(Number.isFinite(actual), `${label}: ${actual} is a number`).toBe(true);
  expect(Math.abs(actual - expected), `${label}: stored ${actual}, compute ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}
