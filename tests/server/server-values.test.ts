/**
 * The numbers a study serves are compute's numbers on the same checkpoints and pixels (issue 14 item 4). A tiny
 * study runs on PGlite; then, in this process, @simlab/compute recomputes from what the server serves (checkpoint
 * files and inverted images through /blobs, natural pixels through /datasets/<id>/images.npy) every cell of both
 * matrices, each cell's intervals and permutation nulls, and the trend, and each must match to 1e-6.
 *
 * The inverted matrix is not symmetric (row r is on model r's inversion), and the test checks it is not on these
 * models, so a row/column swap anywhere between the compute children and GraphQL fails here.
 */
import {
  type Activations,
  assembleMatrix,
  type MatrixCell,
  type SimilarityMatrix,
  STUDY_PRESETS,
  similarityTrend,
  type TrendModel,
} from '@simlab/compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type JobView,
  mutate,
  registerSynthetic,
  trainTiny,
  waitForJob,
} from '../../apps/server/src/test-support/api.js';
import { startTestServer, type TestServer } from '../../apps/server/src/test-support/test-server.js';
import {
  type CellStatisticsRequest,
  CKA_STATISTICS_FRAGMENT,
  createModelDownloads,
  expectClose,
  expectResultMatches,
  fetchBatches,
  fetchImages,
  type ModelDownloads,
  RESULT_VALUES,
  type ReferenceCell,
  referenceCell,
  representationOf,
  type StoredResult,
} from './support/compute-reference.js';

/** Two architectures, two eps of one of them: a trend with a test (3 models, eps varies). */
const MODELS = [
  { name: 'mlp-eps0', architectureId: 'mlp', eps: 0, seed: 0 },
  { name: 'mlp-eps0.5', architectureId: 'mlp', eps: 0.5, seed: 2 },
  { name: 'vgg-eps0', architectureId: 'vgg', eps: 0, seed: 0 },
];

/** Cell statistics asked of every off-diagonal cell (SimilarityOptionsInput; bootstrapResamples = groups). */
const OPTIONS = { nullPermutations: 19, bootstrapResamples: 4, confidenceLevel: 0.9, seed: 5 };
const STATISTICS: CellStatisticsRequest = {
  nullPermutations: OPTIONS.nullPermutations,
  groups: OPTIONS.bootstrapResamples,
  level: OPTIONS.confidenceLevel,
  seed: OPTIONS.seed,
};

const STUDY = {
  name: 'values against compute',
  preset: 'QUICK',
  pairCount: 16,
  pairSeed: 3,
  inversion: { iterations: 6, batchSize: 8 },
  options: OPTIONS,
};

interface Cell {
  row: number;
  column: number;
  value: number;
  result: StoredResult & {
    modelA: { id: string };
    modelB: { id: string };
    inversion: { id: string } | null;
  };
}

interface Matrix {
  id: string;
  status: string;
  values: number[][];
  models: { id: string }[];
  cells: Cell[];
  trend: {
    points: { modelId: string; rowMean: number; columnMean: number }[];
    rowSpearman: number | null;
    columnSpearman: number | null;
  };
}

const MATRIX = `query($id: ID!) { matrix(id: $id) {
  id status values models { id }
  cells { row column value result { modelA { id } modelB { id } inversion { id } ${RESULT_VALUES} } }
  trend { points { modelId rowMean columnMean } rowSpearman columnSpearman }
} } ${CKA_STATISTICS_FRAGMENT}`;

const STUDY_QUERY = `query($id: ID!) { study(id: $id) {
  status naturalMatrix { id } invertedMatrix { id }
  trendAnalysis {
    values
    points { modelId invertedRowMean invertedColumnMean naturalRowMean naturalColumnMean }
    tests { measure covariate norm rho pValue n permutations seed }
  }
} }`;

const INVERSIONS = `query($modelId: ID!) { inversions(filter: { modelId: $modelId }) { edges { node {
  id pairs { seedIndex targetIndex } batches { imagesUrl }
} } } }`;

interface StoredInversion {
  id: string;
  pairs: { seedIndex: number; targetIndex: number }[];
  batches: { imagesUrl: string }[];
}

describe('server values against @simlab/compute on the same checkpoints and pixels (PGlite)', () => {
  let t: TestServer;
  let downloads: ModelDownloads;
  let datasetId: string;
  let modelIds: string[];
  let studyId: string;
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true });
    downloads = createModelDownloads(t);
    datasetId = await registerSynthetic(t);
    modelIds = [];
    for (const m of MODELS) modelIds.push(await trainTiny(t, { ...m, datasetId }));
    const started = await mutate<{ study: { id: string }; job: JobView }>(
      t,
      'mutation($input: StartStudyInput!) { startStudy(input: $input) { study { id } job { id } } }',
      { input: { ...STUDY, modelIds, datasetId } },
    );
    const job = await waitForJob(t, started.job.id);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
    studyId = started.study.id;
  });
  afterAll(async () => {
    await downloads?.dispose();
    await t?.close();
  });

  async function study() {
    const res = await t.gql<{
      study: {
        status: string;
        naturalMatrix: { id: string };
        invertedMatrix: { id: string };
        trendAnalysis: {
          values: string;
          points: ({ modelId: string } & Record<string, number | null>)[];
          tests: {
            measure: string;
            covariate: string;
            norm: string;
            rho: number | null;
            pValue: number | null;
            n: number;
            permutations: number;
            seed: number;
          }[];
        };
      };
    }>(STUDY_QUERY, { id: studyId });
    expect(res.errors).toBeUndefined();
    return res.data!.study;
  }

  async function matrix(id: string): Promise<Matrix> {
    const res = await t.gql<{ matrix: Matrix }>(MATRIX, { id });
    expect(res.errors).toBeUndefined();
    const m = res.data!.matrix;
    expect(m.status).toBe('READY');
    expect(m.models.map((x) => x.id)).toEqual(modelIds);
    expect(m.cells).toHaveLength(MODELS.length ** 2);
    return m;
  }

  /** The one (non-STIR) inversion the study made through each model, found by model, not through the cells. */
  async function inversionsByRow(): Promise<StoredInversion[]> {
    const rows: StoredInversion[] = [];
    for (const modelId of modelIds) {
      const res = await t.gql<{ inversions: { edges: { node: StoredInversion }[] } }>(INVERSIONS, {
        modelId,
      });
      const nodes = res.data!.inversions.edges.map((e) => e.node);
      expect(nodes, `one inversion through model ${modelId}`).toHaveLength(1);
      rows.push(nodes[0]!);
    }
    return rows;
  }

  /** Cell (row, column) of a matrix's cells list, exactly once. */
  function cellAt(m: Matrix, row: number, column: number): Cell {
    const found = m.cells.filter((c) => c.row === row && c.column === column);
    expect(found, `one cell at (${row}, ${column})`).toHaveLength(1);
    return found[0]!;
  }

  /** compute's matrix from recomputed cells, as the trend takes it. */
  function referenceMatrix(
    kind: 'natural' | 'inverted',
    cells: ReferenceCell[][],
    acts: Activations[][],
  ): SimilarityMatrix {
    const matrixCells: MatrixCell[][] = cells.map((row, r) =>
      row.map((cell, c) => ({
        value: cell.biased.value,
        n: acts[r]![c]!.n,
        p: acts[r]![r]!.p,
        q: acts[r]![c]!.p,
        biased: cell.biased,
        debiased: cell.debiased,
      })),
    );
    return assembleMatrix(
      kind,
      MODELS.map((m) => m.name),
      MODELS.map(() => 'representation'),
      matrixCells,
      { metric: 'linear' },
    );
  }

  const trendModels: TrendModel[] = MODELS.map((m) => ({
    id: m.name,
    architecture: m.architectureId,
    eps: m.eps,
    norm: 'l2',
  }));

  /** Recomputed cells and activations: acts[r][c] = rep_c(images of row r). */
  let natural: { cells: ReferenceCell[][]; acts: Activations[][] } | undefined;
  let inverted: { cells: ReferenceCell[][]; acts: Activations[][] } | undefined;

  it('serves every natural cell as compute computes it on the pairs’ target pixels', async () => {
    const s = await study();
    expect(s.status).toBe('READY');
    const m = await matrix(s.naturalMatrix.id);
    const inversions = await inversionsByRow();
    // Every row's inversion uses the same pairs; the natural images are their targets (SPEC §5).
    const targets = inversions[0]!.pairs.map((p) => p.targetIndex);
    for (const inv of inversions) expect(inv.pairs.map((p) => p.targetIndex)).toEqual(targets);
    expect(targets).toHaveLength(STUDY.pairCount);
    const pixels = await fetchImages(t, `/datasets/${datasetId}/images.npy?indices=${targets.join(',')}`);
    const reps: Activations[] = [];
    for (const id of modelIds) reps.push(await representationOf(await downloads.load(id), pixels));
    const acts = MODELS.map(() => reps);
    const cells: ReferenceCell[][] = [];
    for (let r = 0; r < MODELS.length; r++) {
      const row: ReferenceCell[] = [];
      for (let c = 0; c < MODELS.length; c++) {
        row.push(await referenceCell(reps[r]!, reps[c]!, r === c ? null : STATISTICS));
      }
      cells.push(row);
    }
    natural = { cells, acts };
    for (let r = 0; r < MODELS.length; r++) {
      for (let c = 0; c < MODELS.length; c++) {
        const label = `natural (${r}, ${c})`;
        expectClose(m.values[r]![c]!, cells[r]![c]!.biased.value, `${label} values[r][c]`);
        const cell = cellAt(m, r, c);
        expectClose(cell.value, cells[r]![c]!.biased.value, `${label} cell value`);
        // The lower triangle points at the upper triangle's result (CKA is symmetric; A and B as computed).
        const [a, b] = r <= c ? [r, c] : [c, r];
        expect([cell.result.modelA.id, cell.result.modelB.id], label).toEqual([modelIds[a], modelIds[b]]);
        expect(cell.result.inversion, label).toBeNull();
        expectResultMatches(
          cell.result,
          cells[a]![b]!,
          { n: STUDY.pairCount, p: reps[a]!.p, q: reps[b]!.p },
          a === b ? null : STATISTICS,
          label,
        );
      }
    }
  });

  it('serves every inverted cell (r, c) as compute computes CKA(rep_r(I_r), rep_c(I_r)) on the stored images', async () => {
    const s = await study();
    const m = await matrix(s.invertedMatrix.id);
    const inversions = await inversionsByRow();
    const cells: ReferenceCell[][] = [];
    const acts: Activations[][] = [];
    for (let r = 0; r < MODELS.length; r++) {
      const images = await fetchBatches(
        t,
        inversions[r]!.batches.map((b) => b.imagesUrl),
      );
      const reps: Activations[] = [];
      for (const id of modelIds) reps.push(await representationOf(await downloads.load(id), images));
      acts.push(reps);
      const row: ReferenceCell[] = [];
      for (let c = 0; c < MODELS.length; c++) {
        row.push(await referenceCell(reps[r]!, reps[c]!, r === c ? null : STATISTICS));
      }
      cells.push(row);
    }
    inverted = { cells, acts };
    // The test can tell a swap: the matrix is not symmetric, some pair differs from its mirror by far more than
    // the tolerance (which pair varies: tiny models trained afresh).
    const gaps: number[] = [];
    for (let r = 0; r < MODELS.length; r++) {
      for (let c = r + 1; c < MODELS.length; c++) {
        gaps.push(Math.abs(cells[r]![c]!.biased.value - cells[c]![r]!.biased.value));
      }
    }
    expect(Math.max(...gaps), `|S[r][c] - S[c][r]| of the pairs: ${gaps}`).toBeGreaterThan(1e-3);
    for (let r = 0; r < MODELS.length; r++) {
      for (let c = 0; c < MODELS.length; c++) {
        const label = `inverted (${r}, ${c})`;
        expectClose(m.values[r]![c]!, cells[r]![c]!.biased.value, `${label} values[r][c]`);
        const cell = cellAt(m, r, c);
        expectClose(cell.value, cells[r]![c]!.biased.value, `${label} cell value`);
        expect([cell.result.modelA.id, cell.result.modelB.id], label).toEqual([modelIds[r], modelIds[c]]);
        expect(cell.result.inversion?.id, `${label}: on row ${r}'s inversion`).toBe(inversions[r]!.id);
        expectResultMatches(
          cell.result,
          cells[r]![c]!,
          { n: STUDY.pairCount, p: acts[r]![r]!.p, q: acts[r]![c]!.p },
          r === c ? null : STATISTICS,
          label,
        );
      }
    }
  });

  it("serves the trend compute's similarityTrend gives on the recomputed matrices", async () => {
    expect(natural && inverted, 'the two tests above recomputed both matrices').toBeTruthy();
    const naturalMatrix = referenceMatrix('natural', natural!.cells, natural!.acts);
    const invertedMatrix = referenceMatrix('inverted', inverted!.cells, inverted!.acts);
    const s = await study();

    // The inverted matrix's own trend (what storeMatrix stores): compute's defaults.
    const own = similarityTrend(trendModels, { inverted: invertedMatrix });
    const m = await matrix(s.invertedMatrix.id);
    expect(m.trend.points.map((p) => p.modelId)).toEqual(modelIds);
    own.points.forEach((point, i) => {
      expectClose(m.trend.points[i]!.rowMean, point.invertedRowMean!, `matrix trend row mean ${i}`);
      expectClose(m.trend.points[i]!.columnMean, point.invertedColumnMean!, `matrix trend column mean ${i}`);
    });
    const rowRho = own.correlations.find((c) => c.measure === 'invertedRowMean' && c.covariate === 'eps');
    expect(rowRho, 'eps against row means is tested (3 models, eps varies)').toBeDefined();
    expectClose(m.trend.rowSpearman!, rowRho!.rho, 'matrix trend rowSpearman');

    // The study's trend analysis: both matrices, the preset's permutations, the study's statistics seed.
    const quick = STUDY_PRESETS.quick;
    const expected = similarityTrend(
      trendModels,
      { inverted: invertedMatrix, natural: naturalMatrix },
      {
        permutations: quick.trendPermutations,
        seed: OPTIONS.seed,
        robustness: { eps: quick.robustAccuracyEps ?? 1, norm: 'l2' },
      },
    );
    const analysis = s.trendAnalysis;
    expect(analysis.values).toBe(expected.values);
    expect(analysis.points.map((p) => p.modelId)).toEqual(modelIds);
    expected.points.forEach((point, i) => {
      for (const measure of [
        'invertedRowMean',
        'invertedColumnMean',
        'naturalRowMean',
        'naturalColumnMean',
      ] as const) {
        expectClose(analysis.points[i]![measure] as number, point[measure]!, `trend point ${i} ${measure}`);
      }
    });
    expect(analysis.tests).toHaveLength(expected.correlations.length);
    expect(expected.correlations.length).toBeGreaterThan(0);
    for (const test of expected.correlations) {
      const served = analysis.tests.find(
        (x) =>
          x.measure === test.measure &&
          x.covariate === test.covariate.replace(/([A-Z])/g, '_$1').toUpperCase(),
      );
      expect(served, `${test.covariate} vs ${test.measure} is served`).toBeDefined();
      expect(served!.n).toBe(test.n);
      expect(served!.permutations).toBe(test.test.permutations);
      expect(served!.seed).toBe(test.test.seed);
      expectClose(served!.rho!, test.rho, `${test.measure} rho`);
      expectClose(served!.pValue!, test.p, `${test.measure} permutation p`);
    }
  });
});
