/**
 * The server's study executor (compute's StudyExecutor): the study pipeline's units stored in the database.
 *
 *   invert  the inversion row under the unit's request (insert-or-get), run in a compute child and stored batch
 *           by batch (runInversion); a READY row is returned as stored, a partial one resumes after its batches
 *   cells   the matrix's stored cells are returned as stored; the rest run in a compute child (runCells), each
 *           stored as a SimilarityResult, placed in the matrix and published the moment it arrives
 *   checkpointCells  convergence: a row's cells on the images its inversion kept at a checkpoint (each batch
 *           stores them), stored as SimilarityResults keyed by the checkpoint (checkpoint-cells.ts)
 *   stirCells  STIR: a row of STIR(M_c | M_row) on the natural images and the STIR inversion through M_row (an
 *           inversion from noise seeds, invert with request.seedNoise), stored per cell (run-stir-row.ts)
 *
 * compute's executeStudy asks for every inversion at once and each row's cells when its inversion is done; the
 * compute pool (one child per core) bounds the parallelism. A retried job runs the same plan and finds what
 * the killed attempt stored: nothing is lost or computed twice.
 */
import type {
  CellsOutcome,
  CellsUnit,
  InversionSummary,
  InversionUnit,
  PairSample,
  StirCell,
  StudyCell,
  StudyExecutor,
} from '@simlab/compute';
import type { ImageSet } from '../../compute/tasks/similarity.task.js';
import type { DatasetRow } from '../../db/dataset.queries.js';
import { insertOrGetInversion } from '../../db/insert-or-get.js';
import {
  getInversions,
  getPairs,
  type InversionBatchRow,
  type InversionParams,
  type InversionRow,
  listBatches,
} from '../../db/inversion.queries.js';
import type { ModelRow } from '../../db/model.queries.js';
import { insertCell, listCells, type MatrixRow } from '../../db/similarity-matrix.queries.js';
import { getResults, type SimilarityParams } from '../../db/similarity-result.queries.js';
import { setSubjectStatus } from '../../db/subject.queries.js';
import type { JobContext } from '../../queue/job-context.js';
import { runCheckpointCells } from './checkpoint-cells.js';
import { publishResult, runCells } from './run-cells.js';
import { runInversion } from './run-inversion.js';
import { runStirRow } from './run-stir-row.js';

/** Where one kind of cells goes: its matrix row and the cells' similarity parameters. */
export interface CellsTarget {
  matrix: MatrixRow;
  params: SimilarityParams;
}

export interface ServerStudySetup {
  /** In the plan's row order. */
  models: ModelRow[];
  dataset: DatasetRow;
  metric: string;
  layer: string;
  representationBatchSize: number;
  /** The plan's pairs and the inversion rows' parameters; absent when nothing is inverted. */
  inversions?: { pairs: PairSample; params: InversionParams };
  /** The natural cells' images and matrix; absent when the natural stage is not run. */
  natural?: CellsTarget & { images: ImageSet };
  /** The inverted cells' matrix; absent when the inverted stage is not run. */
  inverted?: CellsTarget;
}

/**
 * The inversion row's parameters for a unit: the study's (so their keys are what they were), with the unit's
 * convergence checkpoints; a STIR unit's are STIR's settings and its noise seeds.
 */
export function unitInversionParams(unit: InversionUnit, studyParams: InversionParams): InversionParams {
  const { checkpoints, seedNoise } = unit.request;
  const { layer, imageRange } = studyParams;
  // A STIR inversion's targets are the pairs' targets: drawn from the same images.
  const base = seedNoise
    ? { ...unit.request.settings, layer, ...(imageRange && { imageRange }) }
    : studyParams;
  return {
    ...base,
    ...(checkpoints?.length && { checkpoints: [...checkpoints] }),
    ...(seedNoise && { seedNoise: { distribution: seedNoise.distribution, seed: seedNoise.seed } }),
  };
}

export function createServerExecutor(ctx: JobContext, setup: ServerStudySetup): StudyExecutor<InversionRow> {
  const { models } = setup;

  return {
    async invert(unit, { signal, onProgress }) {
      if (!setup.inversions) throw new Error('this executor was set up to invert nothing');
      const { pairs } = setup.inversions;
      const params = unitInversionParams(unit, setup.inversions.params);
      const spec = {
        model: models[unit.row]!,
        dataset: setup.dataset,
        pairCount: pairs.count,
        pairSeed: pairs.seed,
        params,
      };
      const row = await insertOrGetInversion(ctx.db, spec, ctx.job.id);
      let run = { resumedFromBatch: row.batchCount, batchesComputed: 0 };
      if (row.status !== 'READY') {
        await setSubjectStatus(ctx.db, 'Inversion', row.id, 'RUNNING', ctx.job.id);
        run = await runInversion(ctx, row, { signal, pairs, onProgress });
      }
      const [inversion] = await getInversions(ctx.db, [row.id]);
      // A STIR inversion stores no pairs (noise seeds); its targets are the planned ones (runInversion got them).
      if (!params.seedNoise) await assertPlannedPairs(ctx, inversion!, unit, pairs);
      const source = row.status === 'READY' ? 'cache' : run.resumedFromBatch > 0 ? 'resumed' : 'computed';
      const batches = await listBatches(ctx.db, row.id);
      return { handle: inversion!, summary: summarize(inversion!, batches, source, run.batchesComputed) };
    },

    async cells(unit, inversion, { signal, onCell }) {
      const natural = unit.images.kind === 'natural';
      const target = natural ? setup.natural : setup.inverted;
      if (!target) throw new Error(`this study runs no ${unit.images.kind} cells`);
      const out: StudyCell[] = [];
      const layers: CellsOutcome['layers'] = {};
      const found = (cell: StudyCell, layerA: string, layerB: string) => {
        layers[cell.a] = layerA;
        layers[cell.b] = layerB;
        out.push(cell);
        onCell(cell);
      };
      const missing = await storedCells(ctx, target.matrix, unit, found);
      if (missing.length === 0) return { cells: out, layers };
      const images: ImageSet = natural
        ? setup.natural!.images
        : {
            kind: 'inverted',
            batchPaths: await Promise.all(
              (await listBatches(ctx.db, inversion!.id)).map((b) => ctx.blobs.localPath(b.imagesSha256)),
            ),
            labels: {
              seed: Array.from(setup.inversions!.pairs.seedLabels),
              target: Array.from(setup.inversions!.pairs.targetLabels),
            },
          };
      await runCells(
        ctx,
        {
          metric: setup.metric,
          models,
          layers: models.map(() => setup.layer),
          dataset: setup.dataset,
          images: [images],
          inversions: [natural ? null : { id: inversion!.id, requestKey: inversion!.requestKey }],
          params: target.params,
          cells: missing.map(({ a, b }) => ({ images: 0, a, b })),
          representationBatchSize: setup.representationBatchSize,
          signal,
          // A row's cells ahead of the inversions still waiting, so rows fill as their inversions finish
          // (executeStudy asks for every inversion at once).
          ahead: !natural,
        },
        async ({ cell, result, computed, agreement }) => {
          // Natural cells are computed for a <= b; the lower triangle points at the same result.
          const placements =
            natural && cell.a !== cell.b
              ? [
                  [cell.a, cell.b],
                  [cell.b, cell.a],
                ]
              : [[cell.a, cell.b]];
          for (const [row, column] of placements) {
            await insertCell(ctx.db, target.matrix.id, { row: row!, column: column!, resultId: result.id });
            await publishResult(ctx, result, { id: target.matrix.id, row: row!, column: column! });
          }
          const done: StudyCell = { a: cell.a, b: cell.b, cell: computed, ...(agreement && { agreement }) };
          found(done, result.layerA, result.layerB);
        },
      );
      return { cells: out, layers };
    },

    checkpointCells(unit, inversion, context) {
      if (!setup.inverted) throw new Error('this study runs no inverted cells');
      return runCheckpointCells(ctx, { ...setup, params: setup.inverted.params }, unit, inversion, context);
    },

    async stirCells(unit, inversion, { signal, onCell }) {
      if (!setup.natural || !setup.inverted)
        throw new Error('STIR needs the natural images and inverted cells');
      const cells: StirCell[] = [];
      const layers: Record<number, string> = {};
      await runStirRow(
        ctx,
        {
          metric: setup.metric,
          models,
          layer: setup.layer,
          dataset: setup.dataset,
          natural: setup.natural.images,
          inversion,
          invertedBatchPaths: await Promise.all(
            (await listBatches(ctx.db, inversion.id)).map((b) => ctx.blobs.localPath(b.imagesSha256)),
          ),
          row: unit.row,
          columns: unit.columns,
          params: { ...setup.inverted.params, stir: true },
          representationBatchSize: setup.representationBatchSize,
          signal,
        },
        ({ column, cell }) => {
          const done: StirCell = { row: unit.row, column, cell };
          layers[column] = setup.layer;
          cells.push(done);
          onCell(done);
        },
      );
      return { cells, layers };
    },
  };
}

/** Calls `found` for each of the unit's cells the matrix holds READY; returns the others. */
async function storedCells(
  ctx: JobContext,
  matrix: MatrixRow,
  unit: CellsUnit,
  found: (cell: StudyCell, layerA: string, layerB: string) => void,
): Promise<CellsUnit['cells']> {
  const placed = new Map(
    (await listCells(ctx.db, matrix.id)).map((c) => [`${c.row},${c.column}`, c.resultId]),
  );
  const ids = unit.cells.map(({ a, b }) => placed.get(`${a},${b}`)).filter((id) => id !== undefined);
  const results = new Map((await getResults(ctx.db, ids)).map((r) => [r.id, r]));
  const missing: CellsUnit['cells'] = [];
  for (const { a, b } of unit.cells) {
    const result = results.get(placed.get(`${a},${b}`) ?? '');
    // Results stored before compute's cells were kept (migration 004) are recomputed for the report.
    if (result?.status === 'READY' && result.cell) {
      found(
        { a, b, cell: result.cell, ...(result.agreement && { agreement: result.agreement }) },
        result.layerA,
        result.layerB,
      );
    } else missing.push({ a, b });
  }
  return missing;
}

/** The inversion's stored pairs must be the plan's (an inversion made by startInversion samples its own). */
async function assertPlannedPairs(
  ctx: JobContext,
  inversion: InversionRow,
  unit: InversionUnit,
  planned: PairSample,
): Promise<void> {
  const pairs = (await getPairs(ctx.db, inversion.id)) ?? [];
  const same =
    pairs.length === planned.count &&
    pairs.every(
      (p, i) => p.seedIndex === planned.seedIndices[i] && p.targetIndex === planned.targetIndices[i],
    );
  if (!same) {
    throw new Error(
      `inversion ${inversion.id} (row ${unit.row}) holds other pairs than the study planned (seed ${planned.seed}); ` +
        'the pair sampler differs between compute and the stored inversion',
    );
  }
}

function summarize(
  inversion: InversionRow,
  batches: InversionBatchRow[],
  source: InversionSummary['source'],
  batchesComputed: number,
): InversionSummary {
  const mean = (pick: (b: InversionBatchRow) => number[]) => {
    const values = batches.flatMap(pick);
    return values.reduce((s, v) => s + v, 0) / values.length;
  };
  const totalMs = batches.reduce((s, b) => s + b.seconds, 0) * 1000;
  const checkpoints = inversion.params.checkpoints?.map((iteration) => ({
    iteration,
    meanLoss: mean((b) => b.checkpoints?.find((c) => c.iteration === iteration)?.losses ?? [Number.NaN]),
  }));
  return {
    key: inversion.requestKey,
    source,
    batchesComputed,
    meanLoss: mean((b) => b.losses),
    meanSeedLoss: mean((b) => b.seedLosses),
    zeroGradientSteps: batches.flatMap((b) => b.zeroGradientSteps).reduce((s, v) => s + v, 0),
    msPerIteration: totalMs / Math.max(1, batches.length * inversion.params.iterations),
    totalMs,
    ...(checkpoints?.length && { checkpoints }),
  };
}
