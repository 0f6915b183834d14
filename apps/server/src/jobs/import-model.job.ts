/**
 * Imports a model: copies its files into the blob store (from uploads; or from a server directory: model.json,
 * its weight files and any model-card.json, or model.onnx; or a .onnx file, stored as model.onnx), loads it in a
 * compute child the way every later task will (compute's loadClassifier, every integrity check), and stores its
 * hash, shape, own metadata and (for SimLab checkpoints) card and accuracy. The first model of an imported
 * architecture with a default representation sets the architecture's representation size; later ones must match.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointInvalidError, ONNX_FILE, ShapeMismatchError } from '@simlab/compute';
import { getArchitectures, settleRepresentationSize } from '../db/architecture.queries.js';
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
    const [architecture] = await getArchitectures(ctx.db, [model.architectureId]);
    if (!architecture) throw new Error(`architecture ${model.architectureId} vanished`);
    const files =
      'files' in ctx.input ? ctx.input.files : await storePath(ctx.blobs, ctx.input.checkpointPath);
    await ctx.progress(0.3, 'verifying the model', true);
    const dir = await ctx.blobs.materialize(files);
    const verified = await ctx.compute.run(
      'verify-checkpoint',
      {
        dir,
        architecture: { id: architecture.id, origin: architecture.origin },
        norm: ctx.input.norm,
        eps: ctx.input.eps,
      },
      { signal: ctx.signal },
    );
    const { description } = verified;
    // compute hashes an ONNX model's bytes, as the blob store does: the two must name the same file.
    if (description.format === 'onnx' && files[ONNX_FILE] !== verified.weightsHash) {
      throw new CheckpointInvalidError(
        `${ONNX_FILE} was stored as ${files[ONNX_FILE]} but compute read weights ${verified.weightsHash}; import it again`,
      );
    }
    // A model without a final fully connected layer has no default representation: requests name a layer.
    if (architecture.origin === 'imported' && description.representationSize !== null) {
      const size = await settleRepresentationSize(ctx.db, architecture.id, description.representationSize);
      if (size !== description.representationSize) {
        throw new ShapeMismatchError(
          `architecture ${architecture.id} has representations of ${size} units (its first model's), but this ` +
            `model's (layer ${description.representationLayer}) has ${description.representationSize}; import it ` +
            'under another architecture name',
        );
      }
    }
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
      metadata: description,
    });
  },
};

/** A model on the server's disk: a .onnx file, or a directory with model.onnx or a TF.js model. */
async function storePath(blobs: BlobStore, path: string): Promise<Record<string, string>> {
  const read = (file: string) =>
    readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new CheckpointInvalidError(`cannot read ${file} (${error.code ?? error.message})`);
    });
  if ((await stat(path)).isFile()) return { [ONNX_FILE]: (await blobs.put(await read(path))).sha256 };
  if (!(await stat(join(path, 'model.json')).catch(() => undefined))) {
    return { [ONNX_FILE]: (await blobs.put(await read(join(path, ONNX_FILE)))).sha256 };
  }
  return storeDirectory(blobs, path);
}

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
