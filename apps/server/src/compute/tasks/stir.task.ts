/**
 * One row of a study's STIR matrix (SPEC §5; compute's stirRowCells, what the CLI's study runs): for the row
 * model r and each column model c, STIR(M_c | M_r) = CKA(rep_c(X), rep_c(X'_r)), X the natural images (the
 * pairs' targets) and X'_r the STIR inversion through M_r (its stored batches). Each cell is emitted as it
 * finishes, with every statistic the study asks of its cells.
 */
import { createRepresentationModel, type MatrixCell, stirRowCells } from '@simlab/compute';
import type { TaskContext } from '../task-context.js';
import { computeEnvironment } from './environment.js';
import { ckaOptions, type EnvironmentEvent, type ImageSet, loadImages } from './similarity.task.js';
import type { ComputeEnvironment } from './task-inputs.js';
import { loadTaskModelAt } from './task-model.js';

export interface StirTaskInput {
  metric: 'linear' | 'debiased' | 'rbf' | 'minibatch';
  /** Every model of the study, in row order (columns index them). */
  models: { checkpointDir: string }[];
  /** Representation layer of every model (`representation`: an imported model's own default, task-model.ts). */
  layer: string;
  /** X: the natural images (the study's pair targets). */
  natural: ImageSet;
  /** X'_row: the STIR inversion's stored batches, in order. */
  invertedBatchPaths: string[];
  row: number;
  columns: number[];
  nullPermutations: number;
  bootstrapResamples: number;
  confidenceLevel: number;
  seed: number;
  rbfThreshold: number;
  minibatchSize: number;
  /** Images per forward pass; default 256. */
  representationBatchSize?: number;
}

export interface StirCellEvent {
  type: 'stir-cell';
  row: number;
  column: number;
  cell: MatrixCell;
  /** sha256 of the natural images' dataset indices. */
  indicesHash: string | null;
  seconds: number;
}

export type StirEvent = EnvironmentEvent | StirCellEvent;

export interface StirTaskResult {
  environment: ComputeEnvironment;
}

export async function stirTask(input: StirTaskInput, ctx: TaskContext<StirEvent>): Promise<StirTaskResult> {
  const environment = await computeEnvironment();
  ctx.emit({ type: 'environment', environment });
  const loaded: Awaited<ReturnType<typeof loadTaskModelAt>>[] = [];
  try {
    for (const m of input.models) loaded.push(await loadTaskModelAt(m.checkpointDir, input.layer));
    // Built once per model, each at its own resolved layer, for every column of the row.
    const models = loaded.map(({ model, layer }) => createRepresentationModel(model, layer));
    const natural = await loadImages(input.natural); // X [n, h, w, c]
    const inverted = await loadImages({ kind: 'inverted', batchPaths: input.invertedBatchPaths }); // X'_row
    let started = performance.now();
    await stirRowCells(
      models,
      natural.data,
      inverted.data,
      input.row,
      {
        metric: ckaOptions(input),
        nullPermutations: input.nullPermutations,
        bootstrapResamples: input.bootstrapResamples,
        confidence: input.confidenceLevel,
        seed: input.seed,
        batchSize: input.representationBatchSize,
        signal: ctx.signal,
        onCell: ({ row, column, cell }) => {
          ctx.emit({
            type: 'stir-cell',
            row,
            column,
            cell,
            indicesHash: natural.indicesHash,
            seconds: (performance.now() - started) / 1000,
          });
          started = performance.now();
        },
      },
      input.columns,
    );
    return { environment };
  } finally {
    for (const { model } of loaded) model.dispose();
  }
}
