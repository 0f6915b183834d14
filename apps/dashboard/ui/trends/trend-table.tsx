/** The trend chart's points as a table. */
import type { TrendSeries } from './trend-series';

export function TrendTable({
  series,
  xLabel = 'eps',
  testId = 'trend-table',
}: {
  series: readonly TrendSeries[];
  xLabel?: string;
  testId?: string;
}) {
  return (
    <details className="as-table">
      <summary>Show the points as a table</summary>
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Architecture</th>
            <th scope="col">Source</th>
            <th scope="col" className="numeric">
              {xLabel}
            </th>
            <th scope="col" className="numeric">
              Mean similarity
            </th>
          </tr>
        </thead>
        <tbody>
          {series.flatMap((s) =>
            s.points.map((p) => (
              <tr key={`${s.source}-${p.modelId}`}>
                <td>{s.architectureId}</td>
                <td>{s.source}</td>
                <td className="numeric">{p.x}</td>
                <td className="numeric">{p.value.toFixed(3)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </details>
  );
}
