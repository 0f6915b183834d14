/**
 * The statistics of a finished study through GraphQL (issues 9, 10): per cell (biased and debiased CKA with
 * intervals and permutation p-values, prediction agreement, Benjamini-Hochberg marks), per matrix (marks), per
 * study (like-for-like headlines, trend tests, agreement, STIR, convergence), all equal to the stored report,
 * and the whole answer about a READY study cacheable.
 */
import type { StudyReport } from '@simlab/compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, registerSynthetic, trainTiny, waitForJob } from '../test-support/api.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

const INTERVAL = 'method level groups lower upper estimate standardError covers';
const STATS = `value interval { ${INTERVAL} } nullBaseline { mean std pValue permutations }`;
const HEADLINE = `cells debiased { mean interval { ${INTERVAL} } } biased { mean interval { ${INTERVAL} } }`;
const COMPARISON = `natural { ${HEADLINE} } inverted { ${HEADLINE} } difference { debiased { mean interval { lower upper } } biased { mean } }`;
const BLOCKS = `paper { ${HEADLINE} } crossArchitecture { ${HEADLINE} } sameArchitecture { ${HEADLINE} }`;
const SIGNIFICANCE =
  'correction alpha pValues permutations tests symmetric canReject distinguishableCount adjusted distinguishable';
const MATRIX = `id status significance { ${SIGNIFICANCE} } cells { row column value
  significance { correction alpha tests pValues adjustedP distinguishableFromNull }
  result { value n checkpointIteration stir debiased { ${STATS} } biased { ${STATS} } agreement { target seed n }
    nullBaseline { pValue } } }`;

const STUDY_QUERY = `query($id: ID!) { study(id: $id) {
  id status report models { id }
  naturalMatrix { ${MATRIX} } invertedMatrix { ${MATRIX} }
  headlines { level groups debiasedCovers biasedCovers paper { ${COMPARISON} } crossArchitecture { ${COMPARISON} }
    sameArchitecture { ${COMPARISON} } }
  trendAnalysis { cells values notes robustAccuracyEps modelsWithoutRobustAccuracy
    points { modelId architectureId eps robustAccuracy invertedRowMean invertedColumnMean naturalRowMean naturalColumnMean }
    tests { measure source axis covariate norm rho pValue n permutations seed shuffle meanSlope
      slopes { architectureId models slope } } }
  agreement { target seed targetOffDiagonalMean seedOffDiagonalMean }
  stir { settings { iterations stepSize batchSize noise noiseSeed fakeRelu } values debiasedValues
    cells { row column value n debiased { ${STATS} } biased { value } significance { adjustedP distinguishableFromNull } }
    directions { modelAId modelBId stirBGivenA stirAGivenB } offDiagonalMean { value debiased biased }
    headlines { ${BLOCKS} } significance { ${SIGNIFICANCE} } }
  convergence { iteration meanLoss values debiasedValues offDiagonalMean { value debiased biased } headlines { ${BLOCKS} } }
} }`;

/** Accuracy at L2 eps 1 on each model's card grid: the robust-accuracy covariate. */
const ROBUST_ACCURACY = [0.2, 0.6, 0.3];

describe('a study’s statistics in GraphQL', () => {
  let t: TestServer;
  let studyId: string;
  let modelIds: string[];
  beforeAll(async () => {
    t = await startTestServer({ database: 'pglite', worker: true });
    const datasetId = await registerSynthetic(t);
    modelIds = [
      await trainTiny(t, { name: 'mlp-0', architectureId: 'mlp', datasetId }),
      await trainTiny(t, { name: 'mlp-0.5', architectureId: 'mlp', datasetId, eps: 0.5, seed: 2 }),
      await trainTiny(t, { name: 'vgg-0', architectureId: 'vgg', datasetId, seed: 3 }),
    ];
    // Zoo v2 cards carry a robustness grid (clean, then L2 PGD-20 at each eps); the tiny models get one here.
    for (const [i, id] of modelIds.entries()) {
      await t.server.services.db.query(
        `UPDATE model SET card = jsonb_set(jsonb_set(card, '{evaluation,robustnessGrid}', $2::jsonb),
           '{evaluation,gridAttack}', $3::jsonb) WHERE id = $1`,
        [
          id,
          JSON.stringify([
            { eps: 0, accuracy: 0.9 },
            { eps: 1, accuracy: ROBUST_ACCURACY[i] },
          ]),
          JSON.stringify({ norm: 'l2', steps: 20, restarts: 1, randomStart: true }),
        ],
      );
    }
    const started = await mutate<{ study: { id: string }; job: { id: string } }>(
      t,
      `mutation($input: StartStudyInput!) { startStudy(input: $input) { study { id } job { id } } }`,
      {
        input: {
          name: 'statistics',
          modelIds,
          datasetId,
          pairCount: 8,
          inversion: { iterations: 4, batchSize: 8 },
          options: { nullPermutations: 19, bootstrapResamples: 4, seed: 1 },
          convergence: [2],
          stir: { iterations: 3, batchSize: 8 },
        },
      },
    );
    studyId = started.study.id;
    const job = await waitForJob(t, started.job.id);
    expect(job.status, JSON.stringify(job.error)).toBe('COMPLETED');
  });
  afterAll(async () => t?.close());

  async function queryStudy() {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.tokens.viewer}` },
      body: JSON.stringify({ query: STUDY_QUERY, variables: { id: studyId } }),
    });
    const body = (await res.json()) as { data?: { study: StudyView }; errors?: unknown[] };
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return { study: body.data!.study, cacheControl: res.headers.get('cache-control') };
  }

  it('gives every cell biased and debiased CKA with intervals that say what they cover, p-values and marks', async () => {
    const { study } = await queryStudy();
    const report = study.report;
    for (const kind of ['natural', 'inverted'] as const) {
      const matrix = study[`${kind}Matrix`];
      const marks = report.significance[kind]!;
      expect(matrix.significance).toMatchObject({
        correction: 'benjamini-hochberg',
        alpha: 0.05,
        pValues: 'debiased',
        permutations: 19,
        symmetric: kind === 'natural',
        distinguishableCount: marks.distinguishableCount,
      });
      expect(matrix.significance.adjusted).toEqual(marks.adjusted);
      expect(matrix.cells).toHaveLength(9);
      for (const cell of matrix.cells) {
        const { row: r, column: c, result } = cell;
        const computed = report[kind].cells[r]![c]!;
        expect(result.debiased.value).toBeCloseTo(computed.debiased!.value, 12);
        expect(result.biased.value).toBeCloseTo(computed.biased!.value, 12);
        expect(result.checkpointIteration).toBeNull();
        expect(result.stir).toBe(false);
        if (r === c) {
          expect(cell.significance.adjustedP).toBeNull();
          expect(cell.significance.distinguishableFromNull).toBeNull();
          continue;
        }
        for (const estimator of ['debiased', 'biased'] as const) {
          const { interval, nullBaseline } = result[estimator];
          expect(interval).toMatchObject({ method: 'grouped-jackknife', level: 0.95, groups: 4 });
          expect(interval.lower).toBeLessThanOrEqual(interval.estimate);
          expect(interval.upper).toBeGreaterThanOrEqual(interval.estimate);
          expect(nullBaseline.permutations).toBe(19);
          expect(nullBaseline.pValue).toBe(computed[estimator]!.null!.pValue);
          // p = (1 + #{null >= observed}) / (K + 1): a multiple of 1/20.
          expect(Math.round(nullBaseline.pValue * 20)).toBeCloseTo(nullBaseline.pValue * 20, 9);
        }
        expect(result.debiased.interval.covers).toBe('the population CKA');
        expect(result.biased.interval.covers).toBe(
          'the expected biased CKA at this n, p, q (n = 8), not the population value',
        );
        expect(cell.significance).toEqual({
          correction: 'benjamini-hochberg',
          alpha: 0.05,
          tests: kind === 'natural' ? 3 : 6,
          pValues: 'debiased',
          adjustedP: marks.adjusted[r]![c],
          distinguishableFromNull: marks.distinguishable[r]![c],
        });
        if (kind === 'inverted') {
          expect(result.agreement).toMatchObject({
            target: report.agreement.target[r]![c],
            seed: report.agreement.seed[r]![c],
          });
        }
      }
    }
    // Prediction agreement per inverted cell and as the study's matrix.
    const cell = study.invertedMatrix.cells.find((x) => x.row === 0 && x.column === 2)!;
    expect(cell.result.agreement).toMatchObject({
      target: report.agreement.target[0]![2],
      seed: report.agreement.seed[0]![2],
      n: 8,
    });
    expect(study.naturalMatrix.cells[0]!.result.agreement).toBeNull();
    expect(study.agreement).toEqual({
      target: report.agreement.target,
      seed: report.agreement.seed,
      targetOffDiagonalMean: report.agreement.targetOffDiagonalMean,
      seedOffDiagonalMean: report.agreement.seedOffDiagonalMean,
    });
  });

  it('gives the three like-for-like headlines apart, natural vs inverted and their paired difference', async () => {
    const { study } = await queryStudy();
    const report = study.report.headlines!;
    expect(study.headlines).toMatchObject({ level: 0.95, groups: 4, debiasedCovers: 'the population CKA' });
    expect(study.headlines.biasedCovers).toContain('not the population value');
    // 3 models: (mlp-0, vgg-0) is the paper's block, 4 cross-architecture cells, 2 same-architecture cells.
    const cells = { paper: 2, crossArchitecture: 4, sameArchitecture: 2 } as const;
    for (const block of ['paper', 'crossArchitecture', 'sameArchitecture'] as const) {
      const got = study.headlines[block]!;
      const want = report[block]!;
      for (const side of ['natural', 'inverted'] as const) {
        expect(got[side].cells).toBe(cells[block]);
        for (const estimator of ['debiased', 'biased'] as const) {
          expect(got[side][estimator].mean).toBeCloseTo(want[side][estimator].mean, 12);
          expect(got[side][estimator].interval.lower).toBeCloseTo(want[side][estimator].interval!.lower, 12);
          expect(got[side][estimator].interval.upper).toBeCloseTo(want[side][estimator].interval!.upper, 12);
        }
      }
      expect(got.difference.debiased.mean).toBeCloseTo(
        got.natural.debiased.mean - got.inverted.debiased.mean,
        12,
      );
      expect(got.difference.debiased.interval.lower).toBeLessThanOrEqual(got.difference.debiased.mean);
    }
  });

  it('gives the trend tests with permutation p-values and slopes, STIR both ways and the convergence series', async () => {
    const { study } = await queryStudy();
    const report = study.report;
    const trend = study.trendAnalysis;
    expect(trend.points.map((p) => p.modelId)).toEqual(modelIds);
    expect(trend.tests).toHaveLength(report.trend.correlations.length);
    expect(trend.tests.length).toBeGreaterThan(0);
    for (const [i, test] of trend.tests.entries()) {
      const want = report.trend.correlations[i]!;
      expect(test).toMatchObject({
        measure: want.measure,
        covariate: want.covariate === 'eps' ? 'EPS' : 'ROBUST_ACCURACY',
        n: 3,
        shuffle: 'within-architecture',
      });
      expect(test.pValue).toBe(want.p);
      expect(test.slopes.map((s) => s.architectureId)).toEqual(['mlp', 'vgg']);
      expect(`${test.source}${test.axis}`).toMatch(/^(inverted|natural)(row|column)$/);
    }
    // Against training eps and against the cards' robust accuracy (read as `simlab study` reads it).
    expect(new Set(trend.tests.map((t) => t.covariate))).toEqual(new Set(['EPS', 'ROBUST_ACCURACY']));
    expect(trend.points.map((p) => p.robustAccuracy)).toEqual(ROBUST_ACCURACY);
    expect(trend.modelsWithoutRobustAccuracy).toEqual([]);
    expect(trend.robustAccuracyEps).toBe(1);

    const stir = study.stir;
    expect(stir.settings).toMatchObject({ iterations: 3, batchSize: 8, noise: 'normal', noiseSeed: 0 });
    expect(stir.values).toEqual(report.stir!.matrix.values);
    expect(stir.cells).toHaveLength(9);
    expect(stir.directions).toHaveLength(3);
    for (const d of stir.directions) {
      const [a, b] = [modelIds.indexOf(d.modelAId), modelIds.indexOf(d.modelBId)];
      expect(d.stirBGivenA).toBe(stir.values[a]![b]);
      expect(d.stirAGivenB).toBe(stir.values[b]![a]);
    }
    expect(stir.cells[1]!.debiased.interval.covers).toBe('the population CKA');
    expect(stir.significance.symmetric).toBe(false);
    expect(stir.headlines.paper.debiased.mean).toBeCloseTo(report.stir!.headlines!.paper!.debiased.mean, 12);

    expect(study.convergence.map((c) => c.iteration)).toEqual([2, 4]);
    const last = study.convergence.at(-1)!;
    expect(last.values).toEqual(report.inverted.values);
    expect(last.headlines.paper.debiased.mean).toBeCloseTo(
      report.headlines!.paper!.inverted.debiased.mean,
      12,
    );
    expect(study.convergence[0]!.meanLoss).toBeGreaterThan(last.meanLoss);
  });

  it('answers about a READY study with a public cache lifetime, and keeps the answer', async () => {
    const first = await queryStudy();
    expect(first.cacheControl).toMatch(/max-age=\d+.*public|public.*max-age=\d+/);
    const again = await queryStudy();
    expect(again.study).toEqual(first.study);
  });
});

// The answer's shape, as much of it as the tests read.
interface Interval {
  lower: number;
  upper: number;
  estimate: number;
  covers: string;
}
interface Stats {
  value: number;
  interval: Interval;
  nullBaseline: { pValue: number; permutations: number };
}
interface HeadlineView {
  cells: number;
  debiased: { mean: number; interval: Interval };
  biased: { mean: number; interval: Interval };
}
interface MatrixView {
  significance: { adjusted: (number | null)[][] } & Record<string, unknown>;
  cells: {
    row: number;
    column: number;
    significance: { adjustedP: number | null; distinguishableFromNull: boolean | null };
    result: {
      checkpointIteration: number | null;
      stir: boolean;
      debiased: Stats;
      biased: Stats;
      agreement: { target: number; seed: number; n: number } | null;
    };
  }[];
}
interface StudyView {
  report: StudyReport;
  naturalMatrix: MatrixView;
  invertedMatrix: MatrixView;
  headlines: {
    groups: number;
    debiasedCovers: string;
    biasedCovers: string;
  } & Record<
    'paper' | 'crossArchitecture' | 'sameArchitecture',
    {
      natural: HeadlineView;
      inverted: HeadlineView;
      difference: { debiased: { mean: number; interval: Interval } };
    } | null
  >;
  trendAnalysis: {
    points: { modelId: string; robustAccuracy: number | null }[];
    robustAccuracyEps: number | null;
    notes: string[];
    modelsWithoutRobustAccuracy: string[];
    tests: {
      measure: string;
      covariate: string;
      source: string;
      axis: string;
      pValue: number;
      slopes: { architectureId: string }[];
    }[];
  };
  agreement: unknown;
  stir: {
    settings: Record<string, unknown>;
    values: number[][];
    cells: { debiased: Stats }[];
    directions: { modelAId: string; modelBId: string; stirBGivenA: number; stirAGivenB: number }[];
    significance: { symmetric: boolean };
    headlines: { paper: HeadlineView };
  };
  convergence: {
    iteration: number;
    meanLoss: number;
    values: number[][];
    headlines: { paper: HeadlineView };
  }[];
}
