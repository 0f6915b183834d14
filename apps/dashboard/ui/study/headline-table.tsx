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
              <th scope="col" rowSpan={2}>
                Cells compared
              </th>
              <th scope="col" rowSpan={2} className="numeric">
                cells
              </th>
              <th scope="colgroup" colSpan={2}>
                Natural images
              </th>
              <th scope="colgroup" colSpan={2}>
                Inverted
              </th>
              <th scope="colgroup" colSpan={2}>
                Natural − inverted
              </th>
            </tr>
            <tr>
              {['natural', 'inverted', 'difference'].flatMap((side) => [
                <th scope="col" key={`${side}-debiased`}>
                  debiased
                </th>,
                <th scope="col" key={`${side}-biased`} className="muted">
                  biased
                </th>,
              ])}
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
        <td colSpan={7} className="muted">
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
      ).flatMap(([side, h]) => [
        <td key={`${side}-debiased`} className="numeric" data-estimator="debiased">
          <strong>{formatEstimate(h.debiased.mean, h.debiased.interval)}</strong>
        </td>,
        <td key={`${side}-biased`} className="numeric muted" data-estimator="biased">
          {formatEstimate(h.biased.mean, h.biased.interval)}
        </td>,
      ])}
    </tr>
  );
}
