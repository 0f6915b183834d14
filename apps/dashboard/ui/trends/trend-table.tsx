/** The trend chart's points as a table. */
import type { TrendSeries } from './trend-series';

export function TrendTable({ series }: { series: readonly TrendSeries[] }) {
  return (
    <details className="as-table">
      <summary>Show the points as a table</summary>
      <table data-testid="trend-table">
        <thead>
          <tr>
            <th scope="col">Architecture</th>
            <th scope="col">Source</th>
            <th scope="col" className="numeric">
              eps
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
                <td className="numeric">{p.eps}</td>
                <td className="numeric">{p.value.toFixed(3)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </details>
  );
}
