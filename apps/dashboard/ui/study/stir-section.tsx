'use client';
/**
 * STIR over the study's models (SPEC §5; docs/stir.md): S[r][c] = STIR(M_c | M_r) = CKA(rep_c(X), rep_c(X'_r)),
 * X' inverted from noise through the row model, so a row tests the row model's invariances on every model. Both
 * directions of each pair are listed; cells not distinguishable from the null are hatched.
 */
import { ColorLegend } from '../charts/color-legend';
import { useUrlParams } from '../shell/use-url-state';
import { type CellStatistics, cellLines, formatEstimate } from './cell-statistics';
import { describeCell } from './describe-cell';
import type { CellRef } from './heatmap';
import { SHARED_SCALE } from './heatmap-pair';
import { HeatmapPanel } from './heatmap-panel';
import { type Axes, toAxisOrder } from './study-axes';
import { useStudyStatistics } from './use-study-statistics';

export function StirSection({ studyId, ready, axes }: { studyId: string; ready: boolean; axes: Axes }) {
  const statistics = useStudyStatistics(studyId, ready);
  const [params, setParams] = useUrlParams();
  const stir = statistics?.stir;
  if (!statistics || !stir) return null;
  const modelIds = statistics.models.map((m) => m.id);
  const k = modelIds.length;
  // Cells in the study's model order, as CellStatistics with their marks.
  const grid: CellStatistics[][] = Array.from({ length: k }, () => new Array<CellStatistics>(k));
  for (const cell of stir.cells) {
    grid[cell.row]![cell.column] = {
      n: cell.n,
      debiased: cell.debiased,
      biased: cell.biased,
      adjustedP: cell.significance?.adjustedP,
      distinguishable: cell.significance?.distinguishableFromNull,
    };
  }
  const cells = toAxisOrder(axes, modelIds, grid);
  const values = toAxisOrder(axes, modelIds, stir.debiasedValues ?? stir.values);
  const match = /^(\d+),(\d+)$/.exec(params.get('cell') ?? '');
  const active =
    match && Number(match[1]) < k && Number(match[2]) < k
      ? { row: Number(match[1]), col: Number(match[2]) }
      : null;
  const label = stir.debiasedValues ? 'debiased STIR' : 'STIR';
  const name = (id: string) => axes.labels[axes.ids.indexOf(id)] ?? id;
  // The directions in the values the heatmap shows (debiased when the cells have it).
  const shown = stir.debiasedValues ?? stir.values;
  const at = (a: string, b: string) => shown[modelIds.indexOf(a)]?.[modelIds.indexOf(b)] ?? null;
  const s = stir.settings;
  return (
    <section className="stir" data-testid="stir-section" aria-labelledby="stir-title">
      <h2 id="stir-title">STIR: one model’s invariances tested on another</h2>
      <p className="muted">
        Row r: X′ inverted from {s.noise} noise (seed {s.noiseSeed}) through the row model until it matches
        the targets’ representation ({s.iterations} steps of {s.stepSize}, batches of {s.batchSize}, fake ReLU{' '}
        {s.fakeRelu ? 'where the representation ends in one' : 'off'}); cell (r, c) = STIR(column | row) =
        CKA(rep_c(X), rep_c(X′_r)). Not symmetric: the two directions of a pair are mirror cells.
      </p>
      <ColorLegend scale={SHARED_SCALE} label={label} />
      <div className="heatmap-row">
        <HeatmapPanel
          panel={{
            id: 'stir',
            title: 'STIR(column model | row model)',
            values,
            offDiagonalMean: stir.offDiagonalMean.debiased ?? stir.offDiagonalMean.value,
            describe: (at: CellRef) => describeCell(cells[at.row]?.[at.col] ?? undefined),
            details: cells.map((row) => row.map((cell) => cellLines(cell ?? undefined, 'debiased'))),
            ...(stir.significance && {
              hatched: cells.map((row) => row.map((cell) => cell?.distinguishable === false)),
            }),
            marks: stir.significance ?? undefined,
          }}
          labels={axes.labels}
          scale={SHARED_SCALE}
          active={active}
          onActiveChange={(at) => setParams({ cell: `${at.row},${at.col}` })}
          metricLabel={label}
        />
        <div className="stir-side">
          <table data-testid="stir-directions">
            <caption>Both directions of every pair ({label})</caption>
            <thead>
              <tr>
                <th scope="col">a</th>
                <th scope="col">b</th>
                <th scope="col" className="numeric">
                  STIR(b | a)
                </th>
                <th scope="col" className="numeric">
                  STIR(a | b)
                </th>
              </tr>
            </thead>
            <tbody>
              {stir.directions.map((d) => (
                <tr key={`${d.modelAId}-${d.modelBId}`}>
                  <td>{name(d.modelAId)}</td>
                  <td>{name(d.modelBId)}</td>
                  <td className="numeric">{at(d.modelAId, d.modelBId)?.toFixed(3) ?? '—'}</td>
                  <td className="numeric">{at(d.modelBId, d.modelAId)?.toFixed(3) ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {stir.headlines && (
            <table data-testid="stir-headlines">
              <caption>Like-for-like means (debiased [interval]; biased)</caption>
              <tbody>
                {(
                  [
                    ['paper', 'ε = 0, different architectures'],
                    ['crossArchitecture', 'cross-architecture'],
                    ['sameArchitecture', 'same architecture'],
                  ] as const
                ).map(([key, text]) => {
                  const h = stir.headlines![key];
                  return (
                    <tr key={key}>
                      <th scope="row">{text}</th>
                      <td className="numeric">
                        {h ? <strong>{formatEstimate(h.debiased.mean, h.debiased.interval)}</strong> : '—'}
                      </td>
                      <td className="numeric muted">
                        {h ? formatEstimate(h.biased.mean, h.biased.interval) : ''}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
