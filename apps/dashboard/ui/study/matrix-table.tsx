/** The numbers behind a heatmap as a table (screen readers, copying, colour-free reading). */
import { formatSimilarity } from './heatmap';
import type { MatrixValues } from './matrix-values';

export interface MatrixTableProps {
  id: string;
  caption: string;
  labels: readonly string[];
  values: MatrixValues;
}

export function MatrixTable({ id, caption, labels, values }: MatrixTableProps) {
  return (
    <div className="table-scroll">
      <table className="matrix-table" data-testid={`table-${id}`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">row \ column</th>
            {labels.map((label) => (
              <th scope="col" key={label}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {values.map((row, r) => (
            <tr key={labels[r]}>
              <th scope="row">{labels[r]}</th>
              {row.map((v, c) => (
                <td key={labels[c]} data-value={v ?? ''}>
                  {formatSimilarity(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
