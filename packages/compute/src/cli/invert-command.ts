/**
 * `simlab invert`: representation inversion (SPEC §4) of seeded pairs from a dataset, or of explicit seed and
 * target images, through a model: a TF.js layers model directory or an ONNX file (PyTorch, Keras, JAX exports;
 * docs/onnx.md). Writes the images as NPY, a seed/target/inverted contact sheet, and the losses with full
 * provenance as JSON, including the model's own metadata (format, input shape, classes, parameters, weights hash).
 */
/* biome-ignore-all lint/suspicious/noConsole: a CLI's output is its product */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../backend.js';
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { readNpyFile, writeNpyFile } from '../data/npy.js';
import { samplePairs } from '../data/pairs.js';
import { InvalidArgumentError } from '../errors.js';
import { renderContactSheet } from '../image/contact-sheet.js';
import { INVERSION_DEFAULTS } from '../invert/inversion-options.js';
import { invertImagesParallel } from '../invert/invert-parallel.js';
import { loadClassifier } from '../models/load-model-dir.js';
import { computeProvenance } from '../provenance.js';
import type { Command } from './command.js';
import { fractionOption, integerOption, numberOption } from './options.js';
import { createProgressBar } from './progress-bar.js';

const usage = `usage: simlab invert --model PATH (--dataset NAME|PATH --pairs N | --seeds S.npy --targets T.npy) [options]

  --model PATH         a model.onnx file (PyTorch/Keras/JAX export, docs/onnx.md) or a directory holding
                       model.json (a SimLab checkpoint or any TF.js layers model) or model.onnx
  --input-layout L     NCHW or NHWC: an ONNX model's image layout when its input shape does not tell
  --dataset NAME|PATH  mnist, fashion-mnist, an IDX directory, a PNG class-folder tree or images.npy
  --pairs N            seed/target pairs sampled with different labels (default 32)
  --seeds S.npy --targets T.npy   explicit images, NHWC float32 in [0,1], one target per seed
  --seed-labels L.npy --target-labels L.npy   optional labels of explicit images (same-label pairs refused)
  --iterations K       default ${INVERSION_DEFAULTS.iterations}
  --step-size S        default 1/8 (fractions allowed)
  --momentum M         default ${INVERSION_DEFAULTS.momentum}
  --eps E              L2 ball around each seed, default ${INVERSION_DEFAULTS.eps}
  --batch-size B       default ${INVERSION_DEFAULTS.batchSize}
  --layer NAME         representation layer (default: the input of the final Dense / Gemm / MatMul layer);
                       for ONNX any node output or node name
  --fake-relu          STIR's identity gradient through the representation's ReLU
  --last               return the last iterate instead of the best (useBest false)
  --seed R             pair-sampling seed (default 0)
  --workers W          threads each batch is split across (default: one per core; 1 = this thread)
  --out DIR            output directory (default ./simlab-inversion)`;

export const invertCommand: Command = {
  summary: 'invert a model’s representation of target images, starting from seed images (SPEC §4)',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        'input-layout': { type: 'string' },
        dataset: { type: 'string' },
        pairs: { type: 'string' },
        seeds: { type: 'string' },
        targets: { type: 'string' },
        'seed-labels': { type: 'string' },
        'target-labels': { type: 'string' },
        iterations: { type: 'string' },
        'step-size': { type: 'string' },
        momentum: { type: 'string' },
        eps: { type: 'string' },
        'batch-size': { type: 'string' },
        layer: { type: 'string' },
        'fake-relu': { type: 'boolean', default: false },
        last: { type: 'boolean', default: false },
        seed: { type: 'string' },
        workers: { type: 'string' },
        out: { type: 'string', default: 'simlab-inversion' },
      },
    });
    if (!values.model) throw new InvalidArgumentError(`--model is required\n\n${usage}`);
    const explicit = values.seeds !== undefined || values.targets !== undefined;
    if (explicit === (values.dataset !== undefined)) {
      throw new InvalidArgumentError(
        'give either --dataset (with --pairs) or --seeds and --targets, not both or neither',
      );
    }
    const options = {
      iterations: integerOption('iterations', values.iterations, INVERSION_DEFAULTS.iterations, 0),
      stepSize: fractionOption('step-size', values['step-size'], INVERSION_DEFAULTS.stepSize),
      momentum: numberOption('momentum', values.momentum, INVERSION_DEFAULTS.momentum),
      eps: numberOption('eps', values.eps, INVERSION_DEFAULTS.eps),
      batchSize: integerOption('batch-size', values['batch-size'], INVERSION_DEFAULTS.batchSize),
      useBest: !values.last,
      fakeRelu: values['fake-relu'],
      layer: values.layer,
    };
    const inputLayout = values['input-layout'];
    if (inputLayout !== undefined && inputLayout !== 'NCHW' && inputLayout !== 'NHWC') {
      throw new InvalidArgumentError(`--input-layout ${JSON.stringify(inputLayout)} must be NCHW or NHWC`);
    }
    await initBackend();
    const { model } = await loadClassifier(values.model, { inputLayout });
    const inputs = explicit
      ? await explicitInputs(values.seeds, values.targets, values['seed-labels'], values['target-labels'])
      : await sampledInputs(
          values.dataset!,
          integerOption('pairs', values.pairs, 32),
          integerOption('seed', values.seed, 0, 0),
        );

    const batches = Math.ceil(inputs.count / options.batchSize);
    const bar = createProgressBar('invert', batches * options.iterations);
    const result = await invertImagesParallel(
      model,
      inputs.seeds,
      inputs.targets,
      inputs.seedLabels,
      inputs.targetLabels,
      {
        ...options,
        modelDir: values.model, // each worker thread loads the model from here (invert-parallel.ts)
        modelOptions: { inputLayout },
        workers: integerOption('workers', values.workers, availableParallelism(), 1),
        onProgress: (p) =>
          bar.update(
            p.batch * p.iterations + p.iteration,
            `batch ${p.batch + 1}/${p.batches} loss ${p.meanLoss.toFixed(4)}`,
          ),
      },
    );
    bar.finish(`mean loss ${mean(result.losses).toFixed(4)} (seeds ${mean(result.seedLosses).toFixed(4)})`);

    const out = values.out;
    await mkdir(out, { recursive: true });
    const shape = result.imageShape;
    await writeNpyFile(join(out, 'inverted.npy'), result.images, shape);
    await writeNpyFile(join(out, 'seeds.npy'), inputs.seeds.data, shape);
    await writeNpyFile(join(out, 'targets.npy'), inputs.targets.data, shape);
    const imageShape = shape.slice(1) as [number, number, number];
    await writeFile(
      join(out, 'contact-sheet.png'),
      renderContactSheet({ rows: [inputs.seeds.data, inputs.targets.data, result.images], imageShape }),
    );
    const report = {
      model: { path: values.model, ...model.metadata },
      pairs: inputs.provenance,
      parameters: result.parameters,
      losses: Array.from(result.losses),
      seedLosses: Array.from(result.seedLosses),
      zeroGradientSteps: Array.from(result.zeroGradientSteps),
      lossCurve: Array.from(result.lossCurve),
      timings: result.timings,
      provenance: await computeProvenance(),
    };
    await writeFile(join(out, 'losses.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `wrote ${out}/{inverted,seeds,targets}.npy, contact-sheet.png (seed / target / inverted rows), losses.json`,
    );
  },
};

interface InversionInputs {
  count: number;
  seeds: { data: Float32Array; shape: [number, number, number, number] };
  targets: { data: Float32Array; shape: [number, number, number, number] };
  seedLabels?: Int32Array;
  targetLabels?: Int32Array;
  provenance: Record<string, unknown>;
}

async function sampledInputs(datasetName: string, count: number, seed: number): Promise<InversionInputs> {
  const dataset = await loadDataset(datasetName);
  const pairs = samplePairs(dataset.labels, { count, seed });
  const images = (ds: Dataset) => ({
    data: ds.images,
    shape: [ds.count, ...ds.imageShape] as [number, number, number, number],
  });
  return {
    count,
    seeds: images(subsetDataset(dataset, pairs.seedIndices)),
    targets: images(subsetDataset(dataset, pairs.targetIndices)),
    seedLabels: pairs.seedLabels,
    targetLabels: pairs.targetLabels,
    provenance: {
      dataset: { name: dataset.name, source: dataset.source, hash: dataset.hash },
      seed,
      seedIndices: Array.from(pairs.seedIndices),
      targetIndices: Array.from(pairs.targetIndices),
      seedLabels: Array.from(pairs.seedLabels),
      targetLabels: Array.from(pairs.targetLabels),
    },
  };
}

async function explicitInputs(
  seedsPath: string | undefined,
  targetsPath: string | undefined,
  seedLabelsPath: string | undefined,
  targetLabelsPath: string | undefined,
): Promise<InversionInputs> {
  if (!seedsPath || !targetsPath)
    throw new InvalidArgumentError('--seeds and --targets must be given together');
  const [seeds, targets] = await Promise.all([readImages(seedsPath), readImages(targetsPath)]);
  const labels = async (path: string | undefined) =>
    path ? Int32Array.from((await readNpyFile(path)).data) : undefined;
  const seedLabels = await labels(seedLabelsPath);
  const targetLabels = await labels(targetLabelsPath);
  return {
    count: seeds.shape[0],
    seeds,
    targets,
    seedLabels,
    targetLabels,
    provenance: {
      seedsFile: seedsPath,
      targetsFile: targetsPath,
      seedLabels: seedLabels && Array.from(seedLabels),
      targetLabels: targetLabels && Array.from(targetLabels),
    },
  };
}

async function readImages(
  path: string,
): Promise<{ data: Float32Array; shape: [number, number, number, number] }> {
  const array = await readNpyFile(path);
  if (!(array.data instanceof Float32Array) || array.shape.length !== 4) {
    throw new InvalidArgumentError(
      `${path} is ${array.dtype} with shape (${array.shape.join(', ')}); images must be float32 NHWC (n, h, w, c) in [0, 1]`,
    );
  }
  return { data: array.data, shape: array.shape as [number, number, number, number] };
}

function mean(values: Float32Array): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}
