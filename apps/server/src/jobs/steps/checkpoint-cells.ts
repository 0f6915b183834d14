/**
 * A study's convergence cells (issue 10): row r's cells on the images its inversion held at a checkpoint
 * iteration (stored with each batch, run-inversion.ts), computed in a compute child as any other cells
 * (runCells) and stored as SimilarityResults whose params name the checkpoint. Cells stored by an earlier
 * attempt are returned as stored.
 */
import type { CellsContext, CellsOutcome, CheckpointCellsUnit, StudyCell } from '@simlab/compute';
import type { DatasetRow } from '../../db/dataset.queries.js';
import { type InversionRow, listBatches } from '../../db/inversion.queries.js';
import type { ModelRow } from '../../db/model.queries.js';
import type { SimilarityParams } from '../../db/similarity-result.queries.js';
import type { JobContext } from '../../queue/job-context.js';
import { runCells } from './run-cells.js';
import { type CellResultSpec, findStoredCells } from './store-cell-result.js';

export interface CheckpointCellsSetup {
  metric: string;
  /** In the plan's row order. */
  models: ModelRow[];
  layer: string;
  dataset: DatasetRow;
  /** The study's inverted cells' parameters (the unit's null shuffles and the checkpoint replace theirs). */
  params: SimilarityParams;
  representationBatchSize: number;
}

export async function runCheckpointCells(
  ctx: JobContext,
  setup: CheckpointCellsSetup,
  unit: CheckpointCellsUnit,
  inversion: InversionRow,
  { signal, onCell }: CellsContext,
): Promise<CellsOutcome> {
  const { iteration, row } = unit.images;
  const params: SimilarityParams = {
    ...setup.params,
    nullPermutations: unit.nullPermutations,
    checkpoint: iteration,
  };
  const spec = ({ a, b }: { a: number; b: number }): CellResultSpec => ({
    metric: setup.metric,
    modelA: setup.models[a]!,
    modelB: setup.models[b]!,
    layerA: setup.layer,
    layerB: setup.layer,
    dataset: setup.dataset,
    inversion: { id: inversion.id, requestKey: inversion.requestKey },
    params,
  });
  const cells: StudyCell[] = [];
  const layers: CellsOutcome['layers'] = {};
  const found = (cell: StudyCell) => {
    layers[cell.a] = setup.layer;
    layers[cell.b] = setup.layer;
    cells.push(cell);
    onCell(cell);
  };
  const stored = await findStoredCells(ctx, unit.cells.map(spec));
  const missing = unit.cells.filter((pair, i) => {
    const result = stored[i];
    if (result) found({ ...pair, cell: result.cell! });
    return !result;
  });
  if (missing.length === 0) return { cells, layers };
  const batchPaths = await Promise.all(
    (await listBatches(ctx.db, inversion.id)).map((batch, k) => {
      const at = batch.checkpoints?.find((c) => c.iteration === iteration);
      if (!at) {
        throw new Error(
          `batch ${k} of inversion ${inversion.id} (row ${row}) kept no images at iteration ${iteration}; ` +
            'its request must list the checkpoint',
        );
      }
      return ctx.blobs.localPath(at.imagesSha256);
    }),
  );
  await runCells(
    ctx,
    {
      metric: setup.metric,
      models: setup.models,
      layers: setup.models.map(() => setup.layer),
      dataset: setup.dataset,
      // No labels: the study's convergence records carry no prediction agreement (as the CLI's).
      images: [{ kind: 'inverted', batchPaths }],
      inversions: [{ id: inversion.id, requestKey: inversion.requestKey }],
      params,
      cells: missing.map(({ a, b }) => ({ images: 0, a, b })),
      representationBatchSize: setup.representationBatchSize,
      signal,
      ahead: true,
    },
    async ({ cell, computed }) => found({ a: cell.a, b: cell.b, cell: computed }),
  );
  return { cells, layers };
}
