/**
 * The robustness trend (SPEC §6; finding 2 of SPEC §1), the one trend engine of SimLab (the CLI's study, the
 * server's studies and matrices). Per model, its mean similarity to the models of OTHER architectures — the row
 * mean of the inverted matrix (others measured on this model's inversions) and the column mean (this model
 * measured on the others' inversions), and the same for the natural matrix — against its robustness:
 *
 *   eps              the training eps (per threat model: eps of L2 and Linf are not on one scale, so each robust
 *                    norm is tested apart, with the eps-0 models in every group)
 *   robustAccuracy   measured accuracy under attack at one eps of the model cards' common robustness grid
 *
 * Similarity is debiased CKA when the cells carry it (the study quotes debiased values), else the matrix metric.
 * Each pair is summarised by Spearman's rho with a permutation p-value that shuffles the covariate WITHIN
 * architecture (stats/trend-test.ts; docs/statistics.md §5: row means are not independent and eps is tied many
 * ways, so the t-approximation does not apply), and the per-architecture OLS slopes.
 */
import type { SimilarityMatrix } from '../similarity/matrix.js';
import { crossArchitectureMeans, type TrendTest, trendTest } from '../stats/trend-test.js';
import type { AttackNorm } from '../train/pgd.js';

/** What the trend needs to know of a model. */
export interface TrendModel {
  id: string;
  architecture: string;
  /** Training eps; 0 for standard training. */
  eps: number;
  norm: AttackNorm;
  /** Accuracy on its card's robustness grid at the study's eps (robustAccuracyAt); absent without a grid. */
  robustAccuracy?: number;
}

export const TREND_MEASURES = [
  'invertedRowMean',
  'invertedColumnMean',
  'naturalRowMean',
  'naturalColumnMean',
] as const;
/** A per-model similarity: a row or column mean over the cells whose other model has another architecture. */
export type TrendMeasure = (typeof TREND_MEASURES)[number];

export const TREND_COVARIATES = ['eps', 'robustAccuracy'] as const;
export type TrendCovariate = (typeof TREND_COVARIATES)[number];

export type TrendPoint = TrendModel & Partial<Record<TrendMeasure, number>>;

export interface TrendCorrelation {
  measure: TrendMeasure;
  covariate: TrendCovariate;
  /** Always 'all' models of the group's norm (per-architecture effects are the test's slopes). */
  group: 'all';
  /** eps: the robust models' threat model (eps-0 models join each); robustAccuracy: the grid attack's. */
  norm: AttackNorm;
  /** Spearman's rho. */
  rho: number;
  /** Two-sided permutation p-value, shuffling the covariate within architecture. */
  p: number;
  /** Models tested. */
  n: number;
  /** The whole test: permutations, seed, per-architecture slopes (similarity per unit of covariate). */
  test: TrendTest;
}

export interface EpsBlock {
  /** Training eps of the row model and of the column model. */
  rowEps: number;
  columnEps: number;
  /** Mean of S[r][c] over the off-diagonal cells with those eps (ids differ). */
  mean: number;
  cells: number;
}

export interface SimilarityTrend {
  /** What the measures average: each model's cells with models of other architectures (SPEC §6). */
  cells: 'cross-architecture';
  /** Whose values: debiased CKA's when every cell has them (the study quotes debiased), else the matrix metric's. */
  values: 'debiased' | SimilarityMatrix['metric'];
  points: TrendPoint[];
  /** One per measure, covariate and norm that could be tested. */
  correlations: TrendCorrelation[];
  /** The robust-accuracy covariate: grid eps and attack norm, and the models whose cards lack it. */
  robustness?: { eps: number; norm: AttackNorm; missing: string[] };
  /** Tests that were not run, and why (one architecture only, fewer than 3 models, a constant covariate). */
  notes: string[];
  /** Mean similarity between models of each pair of eps levels: does similarity rise at every eps of the other? */
  epsBlocks: { inverted?: EpsBlock[]; natural?: EpsBlock[] };
}

export interface SimilarityTrendOptions {
  /** Within-architecture shuffles per test; default 9999. */
  permutations?: number;
  /** Seed of the shuffles; default 0. */
  seed?: number;
  /** The robust-accuracy covariate's grid eps and attack norm (what TrendModel.robustAccuracy was read at). */
  robustness?: { eps: number; norm: AttackNorm };
}

/**
 * @param models in the order of the matrices' rows.
 * @throws Error when a matrix's ids differ from the models' (a programming error: matrices and models must match).
 */
export function similarityTrend(
  models: readonly TrendModel[],
  matrices: { inverted?: SimilarityMatrix; natural?: SimilarityMatrix },
  options: SimilarityTrendOptions = {},
): SimilarityTrend {
  for (const matrix of [matrices.inverted, matrices.natural]) {
    if (matrix && matrix.ids.join('\n') !== models.map((m) => m.id).join('\n')) {
      throw new Error(
        `${matrix.kind} matrix rows [${matrix.ids}] do not match the models [${models.map((m) => m.id)}]`,
      );
    }
  }
  const notes: string[] = [];
  const architectures = models.map((m) => m.architecture);
  const points: TrendPoint[] = models.map((m) => ({ ...m }));
  const given = [matrices.inverted, matrices.natural].filter((m) => m !== undefined);
  const debiased = given.every((m) => m.cells.every((row) => row.every((cell) => cell.debiased)));
  const valuesOf = (m: SimilarityMatrix) =>
    debiased ? m.cells.map((row) => row.map((cell) => cell.debiased!.value)) : m.values;
  if (new Set(architectures).size < 2) {
    notes.push(
      'no trend: every model has the same architecture (the trend compares models of other architectures)',
    );
  } else {
    for (const [kind, matrix] of Object.entries(matrices)) {
      if (!matrix) continue;
      const { row, column } = crossArchitectureMeans(valuesOf(matrix), architectures);
      points.forEach((p, i) => {
        p[`${kind}RowMean` as TrendMeasure] = row[i]!;
        p[`${kind}ColumnMean` as TrendMeasure] = column[i]!;
      });
    }
  }
  const correlations: TrendCorrelation[] = [];
  const test = (covariate: TrendCovariate, norm: AttackNorm, members: readonly TrendPoint[]) => {
    for (const measure of TREND_MEASURES) {
      if (members[0]?.[measure] === undefined) continue;
      const x = members.map((p) => (covariate === 'eps' ? p.eps : p.robustAccuracy!));
      const label = `${covariate} (${norm}) vs ${measure}`;
      if (members.length < 3) {
        notes.push(`${label}: not tested, ${members.length} models (a trend test needs 3)`);
        continue;
      }
      if (new Set(x).size < 2) {
        notes.push(`${label}: not tested, every model has ${covariate} ${x[0]}`);
        continue;
      }
      const y = members.map((p) => p[measure]!);
      if (new Set(y).size < 2) {
        notes.push(`${label}: not tested, the similarity is the same for every model`);
        continue;
      }
      const result = trendTest(
        x,
        y,
        members.map((p) => p.architecture),
        { permutations: options.permutations, seed: options.seed },
      );
      correlations.push({
        measure,
        covariate,
        group: 'all',
        norm,
        rho: result.rho,
        p: result.pValue,
        n: result.n,
        test: result,
      });
    }
  };
  const norms = robustNorms(models);
  if (norms.length === 0 && points.length > 0) {
    notes.push('training eps: not tested, every model has eps 0 (no adversarially trained model)');
  }
  for (const norm of norms) {
    test(
      'eps',
      norm,
      points.filter((p) => p.eps === 0 || p.norm === norm),
    );
  }
  let robustness: SimilarityTrend['robustness'];
  if (options.robustness) {
    const missing = points.filter((p) => p.robustAccuracy === undefined).map((p) => p.id);
    robustness = { ...options.robustness, missing };
    const where = `robust accuracy at ${options.robustness.norm} eps ${options.robustness.eps}`;
    if (missing.length === points.length) {
      notes.push(`${where}: on no model's card (cards before zoo v2 have no robustness grid); not tested`);
    } else if (missing.length > 0) {
      notes.push(
        `${where}: not on the cards of ${missing.join(', ')} (no robustness grid); tested over the others`,
      );
    }
    if (missing.length < points.length && oneEpsPerArchitecture(points)) {
      // Two seeds trained alike differ in robust accuracy by chance (0.306 vs 0.308 for the standard MLP): the
      // test still runs, but its slopes are per unit of that noise and it says nothing about adversarial training.
      notes.push(
        `${where}: the models of each architecture share one training eps, so it varies within an architecture ` +
          'only between seeds; the test asks whether the more robust seeds are more similar, not whether ' +
          'adversarial training makes models more similar',
      );
    }
    if (missing.length < points.length)
      test(
        'robustAccuracy',
        options.robustness.norm,
        points.filter((p) => p.robustAccuracy !== undefined),
      );
  }
  return {
    cells: 'cross-architecture',
    values: debiased ? 'debiased' : (given[0]?.metric ?? 'linear'),
    points,
    correlations,
    ...(robustness && { robustness }),
    notes,
    epsBlocks: {
      ...(matrices.inverted && { inverted: epsBlocks(models, valuesOf(matrices.inverted)) }),
      ...(matrices.natural && { natural: epsBlocks(models, valuesOf(matrices.natural)) }),
    },
  };
}

/** True when no architecture has models trained at two eps (or norms): e.g. a study of seed replicates. */
function oneEpsPerArchitecture(points: readonly TrendPoint[]): boolean {
  const trainedAs = new Map<string, string>();
  return points.every((p) => {
    const how = p.eps === 0 ? '0' : `${p.norm} ${p.eps}`;
    const seen = trainedAs.get(p.architecture) ?? how;
    trainedAs.set(p.architecture, seen);
    return seen === how;
  });
}

function robustNorms(models: readonly TrendModel[]): AttackNorm[] {
  const norms = [...new Set(models.filter((m) => m.eps > 0).map((m) => m.norm))].sort();
  return norms;
}

function epsBlocks(models: readonly TrendModel[], values: readonly (readonly number[])[]): EpsBlock[] {
  const levels = [...new Set(models.map((m) => m.eps))].sort((a, b) => a - b);
  const blocks: EpsBlock[] = [];
  for (const rowEps of levels) {
    for (const columnEps of levels) {
      let sum = 0;
      let cells = 0;
      models.forEach((r, i) => {
        models.forEach((c, j) => {
          if (i !== j && r.eps === rowEps && c.eps === columnEps) {
            sum += values[i]![j]!;
            cells++;
          }
        });
      });
      if (cells > 0) blocks.push({ rowEps, columnEps, mean: sum / cells, cells });
    }
  }
  return blocks;
}

/**
 * A card's accuracy on its robustness grid at `eps` under the grid's attack `norm`; undefined when the card has
 * no grid (cards before zoo v2), no such eps, or another attack norm.
 */
export function robustAccuracyAt(
  card:
    | {
        evaluation: {
          robustnessGrid?: { eps: number; accuracy: number }[];
          gridAttack?: { norm: AttackNorm };
        };
      }
    | undefined,
  eps: number,
  norm: AttackNorm,
): number | undefined {
  const grid = card?.evaluation.robustnessGrid;
  if (!grid || card!.evaluation.gridAttack?.norm !== norm) return undefined;
  return grid.find((g) => g.eps === eps)?.accuracy;
}
