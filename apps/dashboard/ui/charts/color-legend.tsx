/** Horizontal legend of a colour scale: the gradient, ticks, and a swatch for cells not yet computed. */
import { type ColorScale, VIRIDIS_STOPS } from './color-scale';

export interface ColorLegendProps {
  scale: ColorScale;
  label: string;
  /** Colour of pending cells; shown as its own swatch when given. */
  pendingFill?: string;
  width?: number;
}

export function ColorLegend({ scale, label, pendingFill, width = 280 }: ColorLegendProps) {
  const [lo, hi] = scale.domain;
  const barX = 8;
  const barWidth = width - 16 - (pendingFill ? 88 : 0);
  const gradientId = 'legend-viridis';
  return (
    <svg
      className="color-legend"
      data-testid="color-legend"
      viewBox={`0 0 ${width} 44`}
      width={width}
      height={44}
      role="img"
      aria-label={`${label}: colour scale viridis from ${lo} (dark purple) to ${hi} (yellow)`}
    >
      <defs>
        <linearGradient id={gradientId}>
          {VIRIDIS_STOPS.map((color, i) => (
            <stop key={color} offset={`${(i / (VIRIDIS_STOPS.length - 1)) * 100}%`} stopColor={color} />
          ))}
        </linearGradient>
      </defs>
      <text x={barX} y={10} fontSize={11}>
        {label}
      </text>
      <rect x={barX} y={14} width={barWidth} height={12} fill={`url(#${gradientId})`} />
      {scale.ticks(5).map((t) => {
        const x = barX + ((t - lo) / (hi - lo)) * barWidth;
        return (
          <g key={t}>
            <line x1={x} x2={x} y1={26} y2={30} stroke="currentColor" />
            <text x={x} y={40} fontSize={10} textAnchor="middle">
              {Number(t.toFixed(2))}
            </text>
          </g>
        );
      })}
      {pendingFill && (
        <g>
          <rect x={width - 84} y={14} width={12} height={12} fill={pendingFill} stroke="#a8a29e" />
          <text x={width - 68} y={24} fontSize={10}>
            pending
          </text>
        </g>
      )}
    </svg>
  );
}
