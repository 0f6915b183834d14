/**
 * Has the inverted matrix converged? (issue 10): the like-for-like debiased means of the inverted matrix computed
 * on the images each inversion held at each checkpoint, with their intervals, against the iteration; the mean
 * relative loss of the inversions below.
 */
import { linearScale, niceDomain, niceTicks } from '../charts/linear-scale';
import { OKABE_ITO } from '../charts/palette';
import { formatEstimate } from './cell-statistics';
import type { ConvergenceInput } from './convergence-series';
import { convergenceLines, logAxisFits } from './convergence-series';

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { left: 56, right: 16, top: 16, bottom: 44 };
const DASHES = [undefined, '6 4', '2 3'];

export function ConvergenceChart({ records }: { records: readonly ConvergenceInput[] }) {
  const lines = convergenceLines(records);
  const iterations = records.map((r) => r.iteration);
  const log = logAxisFits(iterations);
  const t = (v: number) => (log ? Math.log10(v) : v);
  const [x0, x1] = log ? [t(Math.min(...iterations)), t(Math.max(...iterations))] : niceDomain(iterations);
  const x = linearScale([x0, x1], [MARGIN.left + 12, WIDTH - MARGIN.right - 12]);
  const ys = lines.flatMap((l) => l.points.flatMap((p) => [p.mean, p.lower ?? p.mean, p.upper ?? p.mean]));
  const y = linearScale(niceDomain(ys), [HEIGHT - MARGIN.bottom, MARGIN.top]);
  return (
    <figure className="convergence-chart" data-testid="convergence-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH }}
        role="img"
        aria-label="Inverted-matrix headline means (debiased CKA) against inversion iterations, one line per selection of cells"
      >
        <g className="axis" aria-hidden>
          {iterations.map((it) => (
            <g key={`x${it}`}>
              <line x1={x(t(it))} x2={x(t(it))} y1={y.range[0]} y2={y.range[1]} className="grid" />
              <text x={x(t(it))} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" fontSize={11}>
                {it}
              </text>
            </g>
          ))}
          {niceTicks(...y.domain, 5).map((v) => (
            <g key={`y${v}`}>
              <line x1={x.range[0]} x2={x.range[1]} y1={y(v)} y2={y(v)} className="grid" />
              <text x={MARGIN.left - 6} y={y(v)} textAnchor="end" dominantBaseline="central" fontSize={11}>
                {v}
              </text>
            </g>
          ))}
          <text x={(MARGIN.left + WIDTH - MARGIN.right) / 2} y={HEIGHT - 6} textAnchor="middle" fontSize={12}>
            inversion iterations{log ? ' (log scale)' : ''}
          </text>
          <text
            transform={`translate(14, ${(HEIGHT - MARGIN.bottom + MARGIN.top) / 2}) rotate(-90)`}
            textAnchor="middle"
            fontSize={12}
          >
            inverted CKA, debiased mean
          </text>
        </g>
        {lines.map((line, i) => {
          const color = OKABE_ITO[i % OKABE_ITO.length]!;
          const d = line.points
            .map((p, j) => `${j === 0 ? 'M' : 'L'}${x(t(p.iteration)).toFixed(1)},${y(p.mean).toFixed(1)}`)
            .join(' ');
          return (
            <g key={line.block} data-testid="convergence-line" data-block={line.block}>
              <path
                d={d}
                fill="none"
                stroke={color}
                strokeWidth={2}
                strokeDasharray={DASHES[i % DASHES.length]}
              />
              {line.points.map((p) => (
                <g key={p.iteration}>
                  {p.lower !== null && p.upper !== null && (
                    <line
                      x1={x(t(p.iteration))}
                      x2={x(t(p.iteration))}
                      y1={y(p.lower)}
                      y2={y(p.upper)}
                      stroke={color}
                      strokeWidth={1.5}
                    />
                  )}
                  <circle cx={x(t(p.iteration))} cy={y(p.mean)} r={4} fill={color}>
                    <title>{`${line.label}, iteration ${p.iteration}: ${p.mean.toFixed(3)}`}</title>
                  </circle>
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="trend-legend">
          {lines.map((line, i) => (
            <li key={line.block}>
              <span className="swatch" style={{ background: OKABE_ITO[i % OKABE_ITO.length] }} aria-hidden />
              {line.label}
            </li>
          ))}
        </ul>
        <p className="muted">
          Whiskers: each mean’s interval. The last iteration is the inverted matrix itself; checkpoints come
          from the same runs (the images each inversion held then), so a flat line means the inverted CKA has
          settled.
        </p>
      </figcaption>
      <details className="as-table">
        <summary>Show the points as a table</summary>
        <table data-testid="convergence-table">
          <thead>
            <tr>
              <th scope="col" className="numeric">
                iteration
              </th>
              <th scope="col" className="numeric">
                mean relative loss
              </th>
              {lines.map((l) => (
                <th scope="col" key={l.block}>
                  {l.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.iteration}>
                <td className="numeric">{r.iteration}</td>
                <td className="numeric">{r.meanLoss?.toFixed(4) ?? '—'}</td>
                {lines.map((l) => {
                  const p = l.points.find((q) => q.iteration === r.iteration);
                  return (
                    <td className="numeric" key={l.block}>
                      {p
                        ? formatEstimate(
                            p.mean,
                            p.lower !== null && p.upper !== null
                              ? { lower: p.lower, upper: p.upper, level: 0 }
                              : null,
                          )
                        : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
