/**
 * Inversion loss (relative representation distance, SPEC §4) against iteration: a thin line per batch and the
 * mean over all pairs in bold.
 */
import { linearScale, niceDomain, niceTicks } from '../charts/linear-scale';

export interface LossCurveProps {
  /** Mean over all finished pairs, per iteration. */
  mean: readonly number[];
  batches: readonly { index: number; lossCurve: readonly number[] }[];
  /** Finished batches in all, when `batches` holds only the first of them. */
  batchesDone?: number;
}

const WIDTH = 560;
const HEIGHT = 260;
const M = { left: 52, right: 12, top: 12, bottom: 40 };

export function LossCurve({ mean, batches, batchesDone = batches.length }: LossCurveProps) {
  const iterations = Math.max(mean.length, ...batches.map((b) => b.lossCurve.length));
  if (iterations === 0) return <p className="empty">No loss recorded yet.</p>;
  const x = linearScale([0, Math.max(1, iterations - 1)], [M.left, WIDTH - M.right]);
  const [lo, hi] = niceDomain([...mean, ...batches.flatMap((b) => b.lossCurve)]);
  const y = linearScale([Math.max(0, lo), hi], [HEIGHT - M.bottom, M.top]);
  // Thousands of iterations: plot at most ~400 points per line; the curve is smooth at this width.
  const path = (values: readonly number[]) => {
    const stride = Math.max(1, Math.ceil(values.length / 400));
    const parts: string[] = [];
    for (let i = 0; i < values.length; i += stride) {
      parts.push(`${parts.length ? 'L' : 'M'}${x(i).toFixed(1)},${y(values[i]!).toFixed(1)}`);
    }
    return parts.join(' ');
  };
  return (
    <figure className="loss-curve" data-testid="loss-curve">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH }}
        role="img"
        aria-label="Inversion loss per iteration"
      >
        <g aria-hidden>
          {niceTicks(...x.domain, 6).map((t) => (
            <text key={`x${t}`} x={x(t)} y={HEIGHT - M.bottom + 16} fontSize={11} textAnchor="middle">
              {t}
            </text>
          ))}
          {niceTicks(...y.domain, 5).map((t) => (
            <g key={`y${t}`}>
              <line x1={M.left} x2={WIDTH - M.right} y1={y(t)} y2={y(t)} className="grid" />
              <text x={M.left - 6} y={y(t)} fontSize={11} textAnchor="end" dominantBaseline="central">
                {t}
              </text>
            </g>
          ))}
          <text x={(M.left + WIDTH - M.right) / 2} y={HEIGHT - 6} fontSize={12} textAnchor="middle">
            iteration
          </text>
          <text
            transform={`translate(14, ${(HEIGHT - M.bottom + M.top) / 2}) rotate(-90)`}
            fontSize={12}
            textAnchor="middle"
          >
            loss ‖rep(x) − rep(t)‖ / ‖rep(t)‖
          </text>
        </g>
        {batches.map((b) => (
          <path
            key={b.index}
            data-testid="loss-batch"
            d={path(b.lossCurve)}
            fill="none"
            stroke="#94a3b8"
            strokeWidth={1}
          />
        ))}
        {mean.length > 0 && (
          <path data-testid="loss-mean" d={path(mean)} fill="none" stroke="#0072b2" strokeWidth={2.5} />
        )}
      </svg>
      <figcaption className="muted small">
        Bold: mean over all pairs ({mean.length ? `final ${mean[mean.length - 1]!.toFixed(3)}` : 'none yet'});
        thin: one line per batch
        {batchesDone > batches.length ? ` (the first ${batches.length} of ${batchesDone})` : ''}.
      </figcaption>
    </figure>
  );
}
