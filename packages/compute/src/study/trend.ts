/**
 * The robustness trend (SPEC §6; finding 2 of SPEC §1): per model, its training eps against its mean similarity
 * to every other model — the row mean of the inverted matrix (others measured on this model's inversions) and
 * the column mean (this model measured on the others' inversions), and the same for the natural matrix —
 * summarised by Spearman's rank correlation, over all models and per architecture.
 *
 * eps of different threat models (L2 vs Linf) are not on one scale: when the robust models use more than one
 * norm, each norm is correlated separately, with the eps-0 models in every group.
 */
import type { SimilarityMatrix } from '../similarity/matrix.js';
import { type SpearmanResult, spearman } from '../similarity/rank-correlation.js';
import type { AttackNorm } from '../train/pgd.js';

/** What the trend needs to know of a model. */
export interface TrendModel {
  id: string;
  architecture: string;
  /** Training eps; 0 for standard training. */
  eps: number;
  norm: AttackNorm;
}

export const TREND_MEASURES = [
  'invertedRowMean',
  'invertedColumnMean',
  'naturalRowMean',
  'naturalColumnMean',
] as const;
export type TrendMeasure = (typeof TREND_MEASURES)[number];

export type TrendPoint = TrendModel & Partial<Record<TrendMeasure, number>>;

export interface TrendCorrelation extends SpearmanResult {
  measure: TrendMeasure;
  /** 'all' models, or one architecture's. */
  group: string;
  /** Threat model of the robust models in the group. */
  norm: AttackNorm;
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
  points: TrendPoint[];
  /** Spearman of eps against each measure, over all models and per architecture with >= 3 models and >= 2 eps. */
  correlations: TrendCorrelation[];
  /** Mean similarity between models of each pair of eps levels: does similarity rise at every eps of the other? */
  epsBlocks: { inverted?: EpsBlock[]; natural?: EpsBlock[] };
}

/**
 * @param models in the order of the matrices' rows.
 * @throws Error when a matrix's ids differ from the models' (a programming error: matrices and models must match).
 */
export function similarityTrend(
  models: readonly TrendModel[],
  matrices: { inverted?: SimilarityMatrix; natural?: SimilarityMatrix },
): SimilarityTrend {
  for (const matrix of [matrices.inverted, matrices.natural]) {
    if (matrix && matrix.ids.join('\n') !== models.map((m) => m.id).join('\n')) {
      throw new Error(
        `${matrix.kind} matrix rows [${matrix.ids}] do not match the models [${models.map((m) => m.id)}]`,
      );
    }
  }
  const points: TrendPoint[] = models.map((m, i) => ({
    ...m,
    ...(matrices.inverted && {
      invertedRowMean: matrices.inverted.rowMeans[i],
      invertedColumnMean: matrices.inverted.columnMeans[i],
    }),
    ...(matrices.natural && {
      naturalRowMean: matrices.natural.rowMeans[i],
      naturalColumnMean: matrices.natural.columnMeans[i],
    }),
  }));
  const architectures = [...new Set(models.map((m) => m.architecture))];
  const correlations: TrendCorrelation[] = [];
  for (const norm of robustNorms(models)) {
    const inNorm = points.filter((p) => p.eps === 0 || p.norm === norm);
    for (const group of ['all', ...architectures]) {
      const members = group === 'all' ? inNorm : inNorm.filter((p) => p.architecture === group);
      if (members.length < 3 || new Set(members.map((p) => p.eps)).size < 2) continue;
      for (const measure of TREND_MEASURES) {
        if (members[0]![measure] === undefined) continue;
        const result = spearman(
          members.map((p) => p.eps),
          members.map((p) => p[measure]!),
        );
        correlations.push({ measure, group, norm, ...result });
      }
    }
  }
  return {
    points,
    correlations,
    epsBlocks: {
      ...(matrices.inverted && { inverted: epsBlocks(models, matrices.inverted) }),
      ...(matrices.natural && { natural: epsBlocks(models, matrices.natural) }),
    },
  };
}

function robustNorms(models: readonly TrendModel[]): AttackNorm[] {
  const norms = [...new Set(models.filter((m) => m.eps > 0).map((m) => m.norm))].sort();
  return norms;
}

function epsBlocks(models: readonly TrendModel[], matrix: SimilarityMatrix): EpsBlock[] {
  const levels = [...new Set(models.map((m) => m.eps))].sort((a, b) => a - b);
  const blocks: EpsBlock[] = [];
  for (const rowEps of levels) {
    for (const columnEps of levels) {
      let sum = 0;
      let cells = 0;
      models.forEach((r, i) => {
        models.forEach((c, j) => {
          if (i !== j && r.eps === rowEps && c.eps === columnEps) {
            sum += matrix.values[i]![j]!;
            cells++;
          }
        });
      });
      if (cells > 0) blocks.push({ rowEps, columnEps, mean: sum / cells, cells });
    }
  }
  return blocks;
}
