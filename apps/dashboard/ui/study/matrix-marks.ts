/**
 * The legend of a matrix's marks against the null (issue 9): which correction, across how many tests, at which
 * alpha, on whose p-values, and how many cells it lets through. One sentence, used by the heatmap's legend and
 * its numbers table alike.
 */
import { correctionLabel } from './cell-statistics';

export interface MarksSummary {
  correction: string;
  alpha: number;
  tests: number;
  /** 'debiased' or 'metric'. */
  pValues: string;
  permutations: number;
  distinguishableCount: number;
  canReject?: boolean;
}

export function describeMarks(marks: MarksSummary): string {
  const whose = marks.pValues === 'debiased' ? 'debiased CKA' : 'the metric';
  const reject =
    marks.canReject === false
      ? ` With K = ${marks.permutations} shuffles no cell can pass the correction: every cell is marked.`
      : '';
  return (
    `Hatched (†): not distinguishable from the permutation null after the ${correctionLabel(marks.correction)} ` +
    `correction across this matrix's ${marks.tests} tests (α = ${marks.alpha}; p-values of ${whose}, ` +
    `K = ${marks.permutations} shuffles): ${marks.distinguishableCount} of ${marks.tests} distinguishable.${reject}`
  );
}
