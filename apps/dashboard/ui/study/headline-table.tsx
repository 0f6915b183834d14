/**
 * The study's like-for-like headlines (SPEC §5, issue 9): three selections of off-diagonal cells, each kept
 * apart (never one mean over everything), natural vs inverted and their paired difference; debiased CKA first,
 * biased beside it, each with its interval.
 */

import { formatEstimate } from './cell-statistics';
import type { StudyStatistics } from './use-study-statistics';

type Headlines = NonNullable<StudyStatistics['headlines']>;
type Comparison = NonNullable<Headlines['paper']>;

const BLOCKS = [
  { key: 'paper', label: '(a) The paper’s comparison: ε = 0 models of different architectures' },
  { key: 'crossArchitecture', label: '(b) All cross-architecture cells' },
  { key: 'sameArchitecture', label: '(c) Same-architecture cells (eps siblings, seed replicates)' },
] as const;

export function HeadlineTable({ headlines, n }: { headlines: Headlines; n: number | null }) {
  const level = `${Math.round(headlines.level * 100)}%`;
  return (
    <section className="headlines" data-testid="headlines" aria-labelledby="headlines-title">
      <h2 id="headlines-title">Headlines: like-for-like means of off-diagonal cells</h2>
      <p className="muted">
        Debiased CKA first: its {level} interval covers {headlines.debiasedCovers}. Biased (linear) CKA beside
        it: its interval covers {headlines.biasedCovers}. Grouped jackknife over {headlines.groups} groups of
        pairs
        {n !== null ? ` (n = ${n})` : ''}; natural − inverted is paired (the same groups in both matrices).
      </p>
      <div className="table-scroll">
        <table className="headline-table">
          <thead>
            <tr>
              <th scope="col">Cells compared</th>
              <th scope="col" className="numeric">
                cells
              </th>
              <th scope="col">Natural images</th>
              <th scope="col">Inverted</th>
              <th scope="col">Natural − inverted</th>
            </tr>
          </thead>
          <tbody>
            {BLOCKS.map(({ key, label }) => (
              <HeadlineRow key={key} block={key} label={label} comparison={headlines[key]} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function HeadlineRow({
  block,
  label,
  comparison,
}: {
  block: string;
  label: string;
  comparison: Comparison | null;
}) {
  if (!comparison) {
    return (
      <tr data-testid={`headline-${block}`}>
        <th scope="row">{label}</th>
        <td colSpan={4} className="muted">
          no such cells among this study’s models
        </td>
      </tr>
    );
  }
  const { natural, inverted, difference } = comparison;
  return (
    <tr data-testid={`headline-${block}`}>
      <th scope="row">{label}</th>
      <td className="numeric">{natural.cells}</td>
      {(
        [
          ['natural', natural],
          ['inverted', inverted],
          ['difference', difference],
        ] as const
      ).map(([side, h]) => (
        <td key={side} className="numeric" data-side={side}>
          <strong data-estimator="debiased">{formatEstimate(h.debiased.mean, h.debiased.interval)}</strong>
          <span className="muted estimator-line" data-estimator="biased">
            biased {formatEstimate(h.biased.mean, h.biased.interval)}
          </span>
        </td>
      ))}
    </tr>
  );
}
