/**
 * Imports a TF.js model: copies its files into the blob store (from uploads, or model.json, its weight files and
 * any model-card.json from a server directory), loads it in a compute child with every integrity check, and
 * stores its hash, shape and (for SimLab checkpoints) card and accuracy.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointInvalidError } from '@simlab/compute';
import type { BlobStore } from '../db/blob-store.js';
import { completeModel, getModels } from '../db/model.queries.js';
import type { JobHandler } from '../queue/job-context.js';

type ImportInput = ({ files: Record<string, string> } | { checkpointPath: string }) & {
  norm: 'l2' | 'linf' | null;
  eps: number;
};

export const importModelJob: JobHandler<ImportInput> = {
  kind: 'import-model',
  async run(ctx) {
    const [model] = await getModels(ctx.db, [ctx.job.subjectId]);
    if (!model) throw new Error(`model ${ctx.job.subjectId} vanished`);
    const files =
      'files' in ctx.input ? ctx.input.files : await storeDirectory(ctx.blobs, ctx.input.checkpointPath);
    await ctx.progress(0.3, 'verifying the model', true);
    const dir = await ctx.blobs.materialize(files);
    const verified = await ctx.compute.run(
      'verify-checkpoint',
      { dir, architectureId: model.architectureId, norm: ctx.input.norm, eps: ctx.input.eps },
      { signal: ctx.signal },
    );
    const card = verified.card;
    await completeModel(ctx.db, model.id, {
      weightsHash: verified.weightsHash,
      files,
      card: card as unknown as Record<string, unknown> | null,
      cleanAccuracy: card?.evaluation.cleanAccuracy ?? null,
      norm: card ? (card.training.eps > 0 ? card.training.norm : null) : ctx.input.norm,
      eps: card ? card.training.eps : ctx.input.eps,
      inputShape: verified.inputShape,
      classes: verified.classes,
    });
  },
};

/** model.json, the weight files its manifest names, and model-card.json when present. */
async function storeDirectory(blobs: BlobStore, dir: string): Promise<Record<string, string>> {
  const read = (name: string) =>
    readFile(join(dir, name)).catch((error: NodeJS.ErrnoException) => {
      throw new CheckpointInvalidError(`cannot read ${name} in ${dir} (${error.code ?? error.message})`);
    });
  const modelJson = await read('model.json');
  let manifest: { paths: string[] }[];
  try {
    const parsed = JSON.parse(modelJson.toString('utf8')) as { weightsManifest?: { paths: string[] }[] };
    manifest = parsed.weightsManifest ?? [];
  } catch (error) {
    throw new CheckpointInvalidError(
      `${join(dir, 'model.json')} is not valid JSON (${(error as Error).message})`,
    );
  }
  const names = ['model.json', ...manifest.flatMap((group) => group.paths)];
  // Weight files sit beside model.json: a path in the manifest must not lead out of the checked directory.
  const outside = names.find(
    (n) => typeof n !== 'string' || n.includes('/') || n.includes('\\') || n.startsWith('.'),
  );
  if (outside !== undefined)
    throw new CheckpointInvalidError(
      `model.json names weight file ${JSON.stringify(outside)}; weight files must sit beside it`,
    );
  if (await stat(join(dir, 'model-card.json')).catch(() => undefined)) names.push('model-card.json');
  const files: Record<string, string> = {};
  for (const name of names) files[name] = (await blobs.put(await read(name))).sha256;
  return files;
}
