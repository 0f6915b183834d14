/**
 * Robustness against similarity (SPEC §6): the covariate (training eps, or measured robust accuracy) on x, mean
 * similarity to the models of other architectures on y, one line per architecture; inverted solid with filled
 * markers, natural dashed with hollow markers.
 */
import { linearScale, niceDomain, niceTicks } from '../charts/linear-scale';
import { categoryColor } from '../charts/palette';
import { formatTrendTest } from './study-trend-series';
import type { TrendSeries, TrendSummary } from './trend-series';

export interface TrendChartProps {
  series: readonly TrendSeries[];
  summaries: readonly TrendSummary[];
  /** Y axis title, e.g. "mean CKA to other models (row mean)". */
  yLabel: string;
  /** X axis title; default "training eps (robustness)". */
  xLabel?: string;
  /** Test hook; default "trend-chart". */
  testId?: string;
}

const WIDTH = 640;
const HEIGHT = 340;
const MARGIN = { left: 56, right: 16, top: 16, bottom: 44 };

export function TrendChart({
  series,
  summaries,
  yLabel,
  xLabel = 'training eps (robustness)',
  testId = 'trend-chart',
}: TrendChartProps) {
  const all = series.flatMap((s) => s.points);
  const x = linearScale(niceDomain(all.map((p) => p.x)), [MARGIN.left, WIDTH - MARGIN.right]);
  const [ylo, yhi] = niceDomain(all.map((p) => p.value));
  const y = linearScale([Math.max(0, ylo), Math.min(1, yhi)], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const architectures = series.map((s) => s.architectureId);

  return (
    <figure className="trend-chart" data-testid={testId}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH }}
        role="img"
        aria-label={`${xLabel} against ${yLabel}, one line per architecture`}
      >
        <g className="axis" aria-hidden>
          {niceTicks(...x.domain, 6).map((t) => (
            <g key={`x${t}`}>
              <line x1={x(t)} x2={x(t)} y1={y.range[0]} y2={y.range[1]} className="grid" />
              <text x={x(t)} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" fontSize={11}>
                {t}
              </text>
            </g>
          ))}
          {niceTicks(...y.domain, 5).map((t) => (
            <g key={`y${t}`}>
              <line x1={x.range[0]} x2={x.range[1]} y1={y(t)} y2={y(t)} className="grid" />
              <text x={MARGIN.left - 6} y={y(t)} textAnchor="end" dominantBaseline="central" fontSize={11}>
                {t}
              </text>
            </g>
          ))}
          <text x={(MARGIN.left + WIDTH - MARGIN.right) / 2} y={HEIGHT - 6} textAnchor="middle" fontSize={12}>
            {xLabel}
          </text>
          <text
            transform={`translate(14, ${(HEIGHT - MARGIN.bottom + MARGIN.top) / 2}) rotate(-90)`}
            textAnchor="middle"
            fontSize={12}
          >
            {yLabel}
          </text>
        </g>
        {series.map((s) => {
          const color = categoryColor(s.architectureId, architectures);
          const natural = s.source === 'natural';
          const d = s.points
            .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(p.value).toFixed(1)}`)
            .join(' ');
          return (
            <g
              key={`${s.architectureId}-${s.source}`}
              data-testid="trend-line"
              data-architecture={s.architectureId}
              data-source={s.source}
            >
              <path
                d={d}
                fill="none"
                stroke={color}
                strokeWidth={2}
                strokeDasharray={natural ? '6 4' : undefined}
              />
              {s.points.map((p) => (
                <circle
                  key={p.modelId}
                  cx={x(p.x)}
                  cy={y(p.value)}
                  r={4}
                  fill={natural ? '#ffffff' : color}
                  stroke={color}
                  strokeWidth={2}
                >
                  <title>{`${s.architectureId} ${p.x} (${s.source}): ${p.value.toFixed(3)}`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="trend-legend">
          {[...new Set(architectures)].map((a) => (
            <li key={a}>
              <span className="swatch" style={{ background: categoryColor(a, architectures) }} aria-hidden />
              <strong>{a}</strong>
              {series
                .filter((s) => s.architectureId === a)
                .map((s) => (
                  <span key={s.source} className="muted">
                    {' '}
                    {s.source === 'natural' ? '- - natural' : '— inverted'} {s.note}
                  </span>
                ))}
            </li>
          ))}
        </ul>
        <p data-testid={`${testId === 'trend-chart' ? 'trend' : testId}-summary`}>
          All models:{' '}
          {summaries.map((s, i) => (
            <span key={s.source}>
              {i > 0 && ' · '}
              {s.source} {formatTrendTest(s)}
            </span>
          ))}{' '}
          (Spearman rank correlation with the mean
          {summaries.some((s) => s.p != null) ? '; p from shuffling the covariate within architecture' : ''})
        </p>
      </figcaption>
    </figure>
  );
}
