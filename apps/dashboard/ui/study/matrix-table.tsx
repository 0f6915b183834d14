/**
 * The numbers behind a heatmap as a table (screen readers, copying, colour-free reading). With statistics, each
 * cell also shows its interval and p-values, and † marks cells not distinguishable from the null.
 */
import { formatSimilarity } from './heatmap';
import type { MatrixValues } from './matrix-values';

export interface MatrixTableProps {
  id: string;
  caption: string;
  labels: readonly string[];
  values: MatrixValues;
  /** Per cell (axis order), the lines under its value: interval, p, adjusted p. */
  details?: readonly (readonly (readonly string[])[])[];
  /** hatched[row][col]: not distinguishable from the null. */
  hatched?: readonly (readonly boolean[])[];
  /** The marks' legend, printed under the caption. */
  marksNote?: string;
}

export function MatrixTable({ id, caption, labels, values, details, hatched, marksNote }: MatrixTableProps) {
  return (
    <div className="table-scroll">
      <table className="matrix-table" data-testid={`table-${id}`}>
        <caption>
          {caption}
          {marksNote && (
            <span className="caption-note" data-testid={`table-${id}-marks`}>
              {marksNote}
            </span>
          )}
        </caption>
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
              {row.map((v, c) => {
                const mark = hatched?.[r]?.[c] === true;
                const lines = details?.[r]?.[c] ?? [];
                return (
                  <td
                    key={labels[c]}
                    data-value={v ?? ''}
                    data-distinguishable={hatched ? String(!mark) : undefined}
                    className={mark ? 'not-distinguishable' : undefined}
                  >
                    {formatSimilarity(v)}
                    {mark && <span title="not distinguishable from the null"> †</span>}
                    {lines.map((line) => (
                      <span key={line} className="cell-line">
                        {line}
                      </span>
                    ))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
