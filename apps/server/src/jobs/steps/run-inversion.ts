/**
 * Runs (or resumes, or only finalises) one inversion in a compute child: the invert job's whole work, and a
 * study's or an inverted matrix's per row. Every finished batch is stored (images as a content-addressed .npy,
 * losses, a preview; with convergence checkpoints, its images at each checkpoint too) before the next one
 * matters, so a retried job resumes after the last stored batch: a worker that dies loses at most the batch it
 * was on. A STIR inversion (params.seedNoise) starts from noise: it stores no pairs and no preview.
 */
import { codeVersion, type InversionProgress, writeNpy } from '@simlab/compute';
import { hashIndices } from '../../compute/hash-indices.js';
import type { InvertEvent, InvertTaskInput, InvertTaskResult } from '../../compute/tasks/invert.task.js';
import { getDatasets } from '../../db/dataset.queries.js';
import {
  completeInversion,
  getPairs,
  type InversionRow,
  insertBatch,
  listBatches,
  type PairRow,
  setPairs,
} from '../../db/inversion.queries.js';
import { getModels } from '../../db/model.queries.js';
import { setSubjectStatus } from '../../db/subject.queries.js';
import { renderBatchPreview } from '../../images/batch-preview.js';
import type { JobContext } from '../../queue/job-context.js';
import { checkpointDir, datasetLocation } from './locations.js';
import { provenanceRecord } from './provenance.js';

export interface InversionRunOptions {
  /** Default: the job's signal. */
  signal?: AbortSignal;
  /** The pairs a study planned; without them the compute child samples them with the inversion's seed. */
  pairs?: { seedIndices: ArrayLike<number>; targetIndices: ArrayLike<number> };
  onProgress?: (progress: InversionProgress) => Promise<void> | void;
  onBatchStored?: (index: number, batches: number) => Promise<void> | void;
}

export interface InversionRun {
  /** Batches earlier attempts had stored, and batches this run computed. */
  resumedFromBatch: number;
  batchesComputed: number;
}

export async function runInversion(
  ctx: JobContext,
  inversion: InversionRow,
  options: InversionRunOptions = {},
): Promise<InversionRun> {
  const signal = options.signal ?? ctx.signal;
  const [model] = await getModels(ctx.db, [inversion.modelId]);
  const [dataset] = await getDatasets(ctx.db, [inversion.datasetId]);
  const stored = await listBatches(ctx.db, inversion.id);
  // Batches finish in order, so the stored ones are a prefix; a gap would mean a bug, not a crash.
  const done = stored.filter((b, i) => b.batchIndex === i);
  let chain = Promise.resolve();
  let computed = 0;
  // Sampled by the child (the pairs event) before its first batch; read once for the batch previews.
  let pairs: PairRow[] | null = null;
  const handle = async (event: InvertEvent) => {
    if (event.type === 'pairs') {
      await setPairs(
        ctx.db,
        inversion.id,
        event.seedIndices.map((seedIndex, i) => ({
          seedIndex,
          targetIndex: event.targetIndices[i]!,
          seedLabel: event.seedLabels[i]!,
          targetLabel: event.targetLabels[i]!,
        })),
      );
    } else if (event.type === 'progress') {
      await options.onProgress?.(event);
    } else {
      const images = await ctx.blobs.put(writeNpy(event.images, event.shape));
      const checkpoints = event.checkpoints
        ? await Promise.all(
            event.checkpoints.map(async (at) => ({
              iteration: at.iteration,
              imagesSha256: (await ctx.blobs.put(writeNpy(at.images, event.shape))).sha256,
              losses: at.losses,
            })),
          )
        : null;
      pairs ??= await getPairs(ctx.db, inversion.id);
      const preview = await renderBatchPreview(ctx.blobs, {
        dataset: dataset!,
        pairs: pairs ?? [],
        firstPair: event.index * inversion.params.batchSize,
        inverted: event.images,
        shape: event.shape,
      });
      await insertBatch(ctx.db, {
        inversionId: inversion.id,
        batchIndex: event.index,
        imagesSha256: images.sha256,
        previewSha256: preview ? (await ctx.blobs.put(preview)).sha256 : null,
        losses: event.losses,
        seedLosses: event.seedLosses,
        zeroGradientSteps: event.zeroGradientSteps,
        lossCurve: event.lossCurve,
        seconds: event.seconds,
        attempt: ctx.retryCount,
        checkpoints,
      });
      computed++;
      await options.onBatchStored?.(event.index, inversion.batchCount);
    }
  };
  try {
    let result: InvertTaskResult | undefined;
    if (done.length < inversion.batchCount) {
      // imageRange is in the key (which images the pairs came from); the child is given the pairs themselves.
      const { checkpoints, seedNoise, imageRange: _range, ...params } = inversion.params;
      const input: InvertTaskInput = {
        checkpointDir: await checkpointDir(ctx.blobs, model!),
        dataset: await datasetLocation(ctx.blobs, dataset!),
        pairCount: inversion.pairCount,
        pairSeed: inversion.pairSeed,
        params,
        ...(checkpoints?.length && { checkpoints }),
        ...(seedNoise && { seedNoise }),
        ...(options.pairs && {
          pairs: {
            seedIndices: Array.from(options.pairs.seedIndices),
            targetIndices: Array.from(options.pairs.targetIndices),
          },
        }),
        done: await Promise.all(
          done.map(async (b) => ({
            imagesPath: await ctx.blobs.localPath(b.imagesSha256),
            losses: b.losses,
            seedLosses: b.seedLosses,
            zeroGradientSteps: b.zeroGradientSteps,
            lossCurve: b.lossCurve,
            seconds: b.seconds,
            ...(b.checkpoints && {
              checkpoints: await Promise.all(
                b.checkpoints.map(async (at) => ({
                  iteration: at.iteration,
                  imagesPath: await ctx.blobs.localPath(at.imagesSha256),
                  losses: at.losses,
                })),
              ),
            }),
          })),
        ),
      };
      result = await ctx.compute.run('invert', input, {
        signal,
        onEvent: (event) => {
          chain = chain.then(() => handle(event));
        },
      });
      await chain;
    }
    const batches = await listBatches(ctx.db, inversion.id);
    const pairs = (await getPairs(ctx.db, inversion.id)) ?? [];
    const losses = batches.flatMap((b) => b.losses);
    // A STIR inversion stores no pairs (its seeds are noise): its images are the planned pairs' targets.
    const indices = inversion.params.seedNoise
      ? Array.from(options.pairs?.targetIndices ?? [])
      : [...pairs.map((p) => p.seedIndex), ...pairs.map((p) => p.targetIndex)];
    await completeInversion(ctx.db, inversion.id, {
      meanFinalLoss: losses.reduce((s, v) => s + v, 0) / losses.length,
      // Finalising batches that an earlier attempt computed: that attempt's backend was not recorded.
      provenance: provenanceRecord(
        result?.environment ?? { codeVersion: codeVersion(), backend: 'not recorded', machine: {} },
        {
          requestKey: inversion.requestKey,
          seed: inversion.pairSeed,
          weightsHashes: [model!.weightsHash!],
          datasetHash: dataset!.contentHash,
          indicesHash: hashIndices(indices),
          parameters: {
            ...inversion.params,
            layer: result?.layer ?? inversion.params.layer,
            pairCount: inversion.pairCount,
          },
          timings: {
            seconds: batches.reduce((s, b) => s + b.seconds, 0),
            resumedFromBatch: done.length,
            attempts: [...new Set(batches.map((b) => b.attempt))],
          },
        },
      ),
    });
  } catch (error) {
    await chain.catch(() => {});
    await setSubjectStatus(ctx.db, 'Inversion', inversion.id, signal.aborted ? 'CANCELLED' : 'FAILED');
    throw error;
  }
  return { resumedFromBatch: done.length, batchesComputed: computed };
}
