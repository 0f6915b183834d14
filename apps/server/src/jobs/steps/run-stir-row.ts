/**
 * One row of a study's STIR matrix (SPEC §5): STIR(M_c | M_row) for the given columns, computed in a compute
 * child (compute's stirRowCells, as the CLI) on the natural images X and the STIR inversion X'_row, each cell
 * stored as a SimilarityResult (model c against itself, on the STIR inversion, params.stir) the moment it
 * arrives. Cells stored by an earlier attempt are returned as stored, so a retried job computes only the rest.
 */
import type { MatrixCell } from '@simlab/compute';
import type { ImageSet } from '../../compute/tasks/similarity.task.js';
import type { StirCellEvent, StirTaskInput } from '../../compute/tasks/stir.task.js';
import type { ComputeEnvironment } from '../../compute/tasks/task-inputs.js';
import type { DatasetRow } from '../../db/dataset.queries.js';
import type { InversionRow } from '../../db/inversion.queries.js';
import type { ModelRow } from '../../db/model.queries.js';
import type { SimilarityParams, SimilarityResultRow } from '../../db/similarity-result.queries.js';
import type { JobContext } from '../../queue/job-context.js';
import { checkpointDir } from './locations.js';
import { type CellResultSpec, findStoredCells, storeCellResult } from './store-cell-result.js';

export interface StirRowSpec {
  metric: string;
  /** Every model of the study, in row order. */
  models: ModelRow[];
  layer: string;
  dataset: DatasetRow;
  /** X: the study's natural images (the pairs' targets). */
  natural: ImageSet;
  /** X'_row: the READY STIR inversion through models[row]. */
  inversion: InversionRow;
  invertedBatchPaths: string[];
  row: number;
  columns: number[];
  /** The cells' statistics, as the study's inverted cells (params.stir marks them STIR cells). */
  params: SimilarityParams & { stir: true };
  representationBatchSize?: number;
  signal: AbortSignal;
}

export interface StoredStirCell {
  column: number;
  result: SimilarityResultRow;
  /** compute's cell, as stored. */
  cell: MatrixCell;
}

export async function runStirRow(
  ctx: JobContext,
  spec: StirRowSpec,
  onStored: (stored: StoredStirCell) => void,
): Promise<void> {
  const cellSpec = (column: number): CellResultSpec => ({
    metric: spec.metric,
    modelA: spec.models[column]!,
    modelB: spec.models[column]!,
    layerA: spec.layer,
    layerB: spec.layer,
    dataset: spec.dataset,
    inversion: { id: spec.inversion.id, requestKey: spec.inversion.requestKey },
    params: spec.params,
  });
  const stored = await findStoredCells(ctx, spec.columns.map(cellSpec));
  const missing: number[] = [];
  spec.columns.forEach((column, i) => {
    const row = stored[i];
    if (row) onStored({ column, result: row, cell: row.cell! });
    else missing.push(column);
  });
  if (missing.length === 0) return;
  const p = spec.params;
  const input: StirTaskInput = {
    metric: spec.metric as StirTaskInput['metric'],
    models: await Promise.all(
      spec.models.map(async (m) => ({ checkpointDir: await checkpointDir(ctx.blobs, m) })),
    ),
    layer: spec.layer,
    natural: spec.natural,
    invertedBatchPaths: spec.invertedBatchPaths,
    row: spec.row,
    columns: missing,
    nullPermutations: p.nullPermutations,
    bootstrapResamples: p.bootstrapResamples,
    confidenceLevel: p.confidenceLevel,
    seed: p.sampleSeed,
    rbfThreshold: p.rbfThreshold,
    minibatchSize: p.minibatchSize,
    representationBatchSize: spec.representationBatchSize,
  };
  let environment: ComputeEnvironment | undefined;
  let chain = Promise.resolve();
  const store = async (event: StirCellEvent) => {
    const { cell, indicesHash, seconds } = event;
    const result = await storeCellResult(
      ctx,
      cellSpec(event.column),
      { cell, agreement: null, indicesHash, seconds },
      environment!,
    );
    onStored({ column: event.column, result, cell: result.cell ?? cell });
  };
  // Ahead of queued inversions, as a study's inverted rows (run-cells.ts).
  await ctx.compute.run('stir', input, {
    signal: spec.signal,
    ahead: true,
    onEvent: (event) => {
      // The environment comes first, so every stored cell records it.
      if (event.type === 'environment') environment = event.environment;
      else chain = chain.then(() => store(event));
    },
  });
  await chain;
}
