/**
 * A similarity matrix (SPEC §5). Inverted: each row model's inversion is made (or reused, by request key) and
 * stored batch by batch, then row r compares every model on I_r. Natural: every model on the same sampled
 * images; cells on and above the diagonal are computed and the lower triangle points at the same results.
 * Cells are stored and published as they finish; a retried job skips the stored ones.
 */
import { offDiagonalMean } from '@simlab/compute';
import type { DatasetRow } from '../db/dataset.queries.js';
import { getDatasets } from '../db/dataset.queries.js';
import {
  getInversions,
  type InversionRow,
  listBatches,
  setInversionStatus,
} from '../db/inversion.queries.js';
import { getModels, type ModelRow } from '../db/model.queries.js';
import {
  completeMatrix,
  getMatrices,
  insertCell,
  listCells,
  type MatrixRow,
  setMatrixStatus,
} from '../db/similarity-matrix.queries.js';
import { insertOrGetInversion } from '../requests/inversion.request.js';
import { cellParams } from '../requests/similarity.request.js';
import { type Report, runInversion } from './invert.job.js';
import type { JobContext, JobHandler } from './job-context.js';
import { datasetLocation } from './locations.js';
import { provenanceRecord } from './provenance.js';
import { publishResult, runCells } from './run-cells.js';
import type { CellRequest, ImageSet } from './tasks/similarity.task.js';
import { robustnessTrend } from './trend.js';

/** Share of a matrix job's progress spent on inversions (the rest on cells). */
const INVERSION_SHARE = 0.8;

export const matrixJob: JobHandler = {
  kind: 'matrix',
  async run(ctx) {
    const [matrix] = await getMatrices(ctx.db, [ctx.job.subjectId]);
    if (!matrix) throw new Error(`matrix ${ctx.job.subjectId} vanished`);
    await runMatrix(ctx, matrix, ctx.progress);
  },
};

export async function runMatrix(ctx: JobContext, matrix: MatrixRow, report: Report): Promise<void> {
  try {
    const byId = new Map((await getModels(ctx.db, matrix.modelIds)).map((m) => [m.id, m]));
    const models = matrix.modelIds.map((id) => byId.get(id)!);
    const [dataset] = await getDatasets(ctx.db, [matrix.datasetId]);
    const k = models.length;
    const inverted = matrix.source === 'inverted';
    const inversions = inverted ? await rowInversions(ctx, matrix, models, dataset!, report) : [];
    const images: ImageSet[] = inverted
      ? await Promise.all(
          inversions.map(async (inv) => ({
            kind: 'inverted' as const,
            batchPaths: await Promise.all(
              (await listBatches(ctx.db, inv.id)).map((b) => ctx.blobs.localPath(b.imagesSha256)),
            ),
          })),
        )
      : [
          {
            kind: 'natural',
            dataset: await datasetLocation(ctx.blobs, dataset!),
            sampleCount: matrix.params.sampleCount!,
            sampleSeed: matrix.params.sampleSeed,
          },
        ];
    const stored = new Set((await listCells(ctx.db, matrix.id)).map((c) => `${c.row},${c.column}`));
    const cells: CellRequest[] = [];
    for (let r = 0; r < k; r++) {
      for (let c = inverted ? 0 : r; c < k; c++) {
        if (!stored.has(`${r},${c}`)) cells.push({ images: inverted ? r : 0, a: r, b: c });
      }
    }
    const start = inverted ? INVERSION_SHARE : 0;
    let finished = 0;
    await report(start, `${cells.length} cells to compute`, true);
    const environment = await runCells(
      ctx,
      {
        metric: matrix.metric,
        models,
        layers: models.map(() => matrix.params.layer),
        dataset: dataset!,
        images,
        inversions: inverted ? inversions.map((i) => ({ id: i.id, requestKey: i.requestKey })) : [null],
        params: cellParams(matrix.params),
        cells,
      },
      async ({ cell, result }) => {
        const placements =
          cell.a === cell.b || inverted
            ? [[cell.a, cell.b]]
            : [
                [cell.a, cell.b],
                [cell.b, cell.a],
              ];
        for (const [row, column] of placements) {
          await insertCell(ctx.db, matrix.id, { row: row!, column: column!, resultId: result.id });
          await publishResult(ctx, result, { id: matrix.id, row: row!, column: column! });
        }
        finished++;
        await report(
          start + (1 - start) * (finished / cells.length),
          `cell ${finished}/${cells.length}`,
          true,
        );
      },
    );
    const values = Array.from({ length: k }, () => new Array<number>(k).fill(Number.NaN));
    for (const cell of await listCells(ctx.db, matrix.id)) values[cell.row]![cell.column] = cell.value!;
    await completeMatrix(ctx.db, matrix.id, {
      offDiagonalMean: offDiagonalMean(values),
      values,
      trend: robustnessTrend(models, values),
      provenance: provenanceRecord(
        environment ?? { codeVersion: 'not recorded', backend: 'not recorded', machine: {} },
        {
          requestKey: matrix.requestKey,
          seed: matrix.params.sampleSeed,
          weightsHashes: models.map((m) => m.weightsHash!),
          datasetHash: dataset!.contentHash,
          parameters: { metric: matrix.metric, source: matrix.source, ...matrix.params },
          timings: null,
        },
      ),
    });
  } catch (error) {
    await setMatrixStatus(ctx.db, matrix.id, ctx.signal.aborted ? 'CANCELLED' : 'FAILED');
    throw error;
  }
}

/** Makes or reuses the inversion through each row model, in row order. */
async function rowInversions(
  ctx: JobContext,
  matrix: MatrixRow,
  models: ModelRow[],
  dataset: DatasetRow,
  report: Report,
): Promise<InversionRow[]> {
  const out: InversionRow[] = [];
  for (const [r, model] of models.entries()) {
    const spec = {
      model,
      dataset,
      pairCount: matrix.params.pairCount!,
      pairSeed: matrix.params.pairSeed!,
      params: matrix.params.inversion!,
    };
    let inversion = await insertOrGetInversion(ctx.db, spec, ctx.job.id);
    if (inversion.status !== 'READY') {
      await setInversionStatus(ctx.db, inversion.id, 'RUNNING', ctx.job.id);
      const share = INVERSION_SHARE / models.length;
      await runInversion(ctx, inversion, (fraction, message, force) =>
        report(share * (r + fraction), `inversion ${r + 1}/${models.length}: ${message}`, force),
      );
      [inversion] = await getInversions(ctx.db, [inversion.id]);
    }
    out.push(inversion!);
  }
  return out;
}
