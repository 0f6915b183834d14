/**
 * Computes similarity cells in a compute child (compute's computeImageSetCells, the study pipeline's one cell
 * computation) and stores each as a SimilarityResult the moment it arrives, so heatmaps fill live. A cell
 * whose request key is already stored READY keeps the stored result. Shared by the similarity, matrix and
 * study jobs.
 */
import type { MatrixCell, PredictionAgreement } from '@simlab/compute';
import type {
  CellEvent,
  CellRequest,
  ImageSet,
  SimilarityTaskInput,
} from '../../compute/tasks/similarity.task.js';
import type { ComputeEnvironment } from '../../compute/tasks/task-inputs.js';
import type { DatasetRow } from '../../db/dataset.queries.js';
import type { ModelRow } from '../../db/model.queries.js';
import type { SimilarityParams, SimilarityResultRow } from '../../db/similarity-result.queries.js';
import { Topic } from '../../pubsub.js';
import type { JobContext } from '../../queue/job-context.js';
import { checkpointDir } from './locations.js';
import { storeCellResult } from './store-cell-result.js';

export interface CellsSpec {
  metric: string;
  models: ModelRow[];
  /** Representation layer of each model, in the order of `models`. */
  layers: string[];
  dataset: DatasetRow;
  images: ImageSet[];
  /** Per image set: the inversion it is (id and request key), or null for natural images. */
  inversions: ({ id: string; requestKey: string } | null)[];
  params: SimilarityParams;
  cells: CellRequest[];
  /** Images per forward pass (default 256). */
  representationBatchSize?: number;
  /** Default: the job's signal. */
  signal?: AbortSignal;
  /** Ahead of the compute pool's waiting tasks (pool.ts): a study's row of cells, behind its inversions. */
  ahead?: boolean;
}

export interface StoredCell {
  cell: CellRequest;
  result: SimilarityResultRow;
  /** compute's cell and agreement, as computed now or as stored. */
  computed: MatrixCell;
  agreement: PredictionAgreement | null;
}

export async function runCells(
  ctx: JobContext,
  spec: CellsSpec,
  onStored: (stored: StoredCell) => Promise<void>,
): Promise<ComputeEnvironment | undefined> {
  if (spec.cells.length === 0) return undefined;
  const dirs = await Promise.all(spec.models.map((m) => checkpointDir(ctx.blobs, m)));
  const input: SimilarityTaskInput = {
    metric: spec.metric as SimilarityTaskInput['metric'],
    models: dirs.map((checkpointDir, i) => ({ checkpointDir, layer: spec.layers[i]! })),
    images: spec.images,
    cells: spec.cells,
    nullPermutations: spec.params.nullPermutations,
    bootstrapResamples: spec.params.bootstrapResamples,
    confidenceLevel: spec.params.confidenceLevel,
    seed: spec.params.sampleSeed,
    rbfThreshold: spec.params.rbfThreshold,
    minibatchSize: spec.params.minibatchSize,
    representationBatchSize: spec.representationBatchSize,
  };
  let environment: ComputeEnvironment | undefined;
  let chain = Promise.resolve();
  const store = async (event: CellEvent) => {
    const result = await storeCellResult(
      ctx,
      {
        metric: spec.metric,
        modelA: spec.models[event.cell.a]!,
        modelB: spec.models[event.cell.b]!,
        layerA: spec.layers[event.cell.a]!,
        layerB: spec.layers[event.cell.b]!,
        dataset: spec.dataset,
        inversion: spec.inversions[event.cell.images] ?? null,
        params: spec.params,
      },
      {
        cell: event.result,
        agreement: event.agreement,
        indicesHash: event.indicesHash,
        seconds: event.seconds,
      },
      environment!,
    );
    await onStored({
      cell: event.cell,
      result,
      computed: result.cell ?? event.result,
      agreement: result.agreement ?? event.agreement,
    });
  };
  const done = await ctx.compute.run('similarity', input, {
    signal: spec.signal ?? ctx.signal,
    ahead: spec.ahead,
    onEvent: (event) => {
      const e = event as CellEvent | { type: 'environment'; environment: ComputeEnvironment };
      // The environment comes first, so every stored cell records it.
      if (e.type === 'environment') environment = e.environment;
      else chain = chain.then(() => store(e));
    },
  });
  await chain;
  return done.environment;
}

export async function publishResult(
  ctx: JobContext,
  result: SimilarityResultRow,
  matrix?: { id: string; row: number; column: number },
) {
  await ctx.pubsub.publish(Topic.ResultAdded, {
    resultId: result.id,
    matrixId: matrix?.id ?? null,
    row: matrix?.row ?? null,
    column: matrix?.column ?? null,
  });
}
