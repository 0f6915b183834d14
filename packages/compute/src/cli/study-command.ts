/**
 * `simlab study`: the reproduction study (SPEC §1) on a model zoo — natural and inverted CKA matrices, the
 * robustness trend — with a progress bar; Ctrl-C stops it cleanly and the same command resumes from the cache.
 */
/* biome-ignore-all lint/suspicious/noConsole: a CLI's output is its product */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../backend.js';
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { CancelledError, InvalidArgumentError } from '../errors.js';
import { CKA_METRICS } from '../similarity/cka.js';
import type { CkaMetric } from '../similarity/cka-result.js';
import { heldOutDataset } from '../study/held-out.js';
import { runStudy, type StudyProgress } from '../study/run-study.js';
import { DEFAULT_ZOO_DIR, readZoo, type StudyModelSpec } from '../study/study-models.js';
import { STUDY_PRESETS, type StudyParamsOverrides, type StudyPreset } from '../study/study-params.js';
import { formatStudySummary } from '../study/study-report.js';
import type { Command } from './command.js';
import { fractionOption, integerOption } from './options.js';
import { createProgressBar, type ProgressBar } from './progress-bar.js';

const q = STUDY_PRESETS.quick;
const usage = `usage: simlab study [--preset quick|paper] [options]

  --preset quick|paper  quick: ${q.pairs} pairs, ${q.inversion.iterations} iterations (minutes on 2 cores);
                        paper: ${STUDY_PRESETS.paper.pairs} pairs, SPEC §4 defaults (${STUDY_PRESETS.paper.inversion.iterations} iterations)
  --zoo DIR             model zoo (default packages/compute/zoo): index.json or one folder per model
  --models a,b,...      only these models of the zoo, in this order
  --dataset NAME|PATH   pairs and natural images from this dataset (default mnist)
  --images FROM:TO      use only images FROM..TO-1 of the dataset (default: those the models did not train
                        on, when their model cards name a common training prefix, as the shipped zoo's do)
  --out DIR             report.json, heatmaps, trend chart, contact sheets (default ./simlab-study/<preset>)
  --cache DIR           inversion cache, reused and resumed across runs (default ./.simlab-cache/inversions)
  --no-cache            neither read nor write the cache
  --metric M            ${CKA_METRICS.join('|')} (default linear)
  --pairs N  --iterations K  --step-size S  --batch-size B  --layer NAME   override the preset
  --null K  --bootstrap K     per-cell null-baseline shuffles and bootstrap resamples (0: off)
  --seed S              pair-sampling seed (default 0)
  --jobs N              worker threads inverting models in parallel (default: the number of cores)

Ctrl-C stops after the current iteration; finished batches stay cached and the same command resumes.`;

export const studyCommand: Command = {
  summary: 'natural vs inverted CKA matrices and the robustness trend over a model zoo (SPEC §1, §5, §6)',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        preset: { type: 'string', default: 'quick' },
        zoo: { type: 'string' },
        models: { type: 'string' },
        dataset: { type: 'string', default: 'mnist' },
        images: { type: 'string' },
        out: { type: 'string' },
        cache: { type: 'string', default: join('.simlab-cache', 'inversions') },
        'no-cache': { type: 'boolean', default: false },
        metric: { type: 'string' },
        pairs: { type: 'string' },
        iterations: { type: 'string' },
        'step-size': { type: 'string' },
        'batch-size': { type: 'string' },
        layer: { type: 'string' },
        null: { type: 'string' },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        jobs: { type: 'string' },
      },
    });
    const preset = values.preset as StudyPreset;
    if (!(preset in STUDY_PRESETS)) {
      throw new InvalidArgumentError(
        `--preset ${JSON.stringify(values.preset)} is unknown; use quick or paper`,
      );
    }
    const base = STUDY_PRESETS[preset];
    const metric = (values.metric ?? base.metric) as CkaMetric;
    if (!CKA_METRICS.includes(metric)) {
      throw new InvalidArgumentError(
        `--metric ${JSON.stringify(values.metric)} is unknown; use ${CKA_METRICS.join(', ')}`,
      );
    }
    const params: StudyParamsOverrides = {
      metric,
      pairs: integerOption('pairs', values.pairs, base.pairs, 4),
      pairSeed: integerOption('seed', values.seed, base.pairSeed, 0),
      layer: values.layer,
      nullPermutations: integerOption('null', values.null, base.nullPermutations, 0),
      bootstrapResamples: integerOption('bootstrap', values.bootstrap, base.bootstrapResamples, 0),
      inversion: {
        iterations: integerOption('iterations', values.iterations, base.inversion.iterations, 0),
        stepSize: fractionOption('step-size', values['step-size'], base.inversion.stepSize),
        batchSize: integerOption('batch-size', values['batch-size'], base.inversion.batchSize),
      },
    };
    const backend = await initBackend();
    const models = await readZoo(
      values.zoo ?? DEFAULT_ZOO_DIR,
      values.models?.split(',').map((s) => s.trim()),
    );
    const dataset = chooseImages(await loadDataset(values.dataset), values.images, models);
    const outDir = values.out ?? join('simlab-study', preset);
    const cacheDir = values['no-cache'] ? undefined : values.cache;
    console.error(
      `study (${preset}) of ${models.length} models on ${dataset.name} (${dataset.count} images), backend ${backend.name}` +
        `${cacheDir ? `, cache ${cacheDir}` : ''}`,
    );

    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
      if (++interrupts > 1) process.exit(130);
      console.error('\nstopping after the current iteration (Ctrl-C again to quit at once)…');
      controller.abort(new Error('interrupted by Ctrl-C'));
    };
    process.on('SIGINT', onSigint);
    const progress = studyBar();
    try {
      const report = await runStudy({
        models,
        dataset,
        preset,
        params,
        cacheDir,
        outDir,
        concurrency: integerOption('jobs', values.jobs, availableParallelism()),
        signal: controller.signal,
        onProgress: progress.update,
      });
      progress.finish();
      console.log(formatStudySummary(report));
      console.log(`\nwrote ${report.files.map((f) => join(outDir, f)).join(', ')}`);
    } catch (error) {
      progress.finish('stopped');
      if (error instanceof CancelledError && cacheDir) {
        console.error(`finished inversion batches are cached in ${cacheDir}; run the same command to resume`);
      }
      throw error;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

/**
 * `--images FROM:TO` keeps images FROM..TO-1 (the dataset hash then covers exactly those). Without it, the images
 * the models did not train on, when their cards say so (heldOutDataset); else all, with a warning.
 */
function chooseImages(
  dataset: Dataset,
  range: string | undefined,
  models: readonly StudyModelSpec[],
): Dataset {
  if (range === undefined) {
    const heldOut = heldOutDataset(
      dataset,
      models.map((m) => m.card),
    );
    if (heldOut) {
      console.error(`using the ${heldOut.count} images the models did not train on: ${heldOut.name}`);
      return heldOut;
    }
    console.error(
      `warning: the model cards do not name a common training prefix of ${dataset.name}, so the study may use ` +
        'training images; pass --images FROM:TO to choose held-out ones',
    );
    return dataset;
  }
  const match = /^(\d+):(\d+)$/.exec(range);
  const [from, to] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
  if (!(from < to && to <= dataset.count)) {
    throw new InvalidArgumentError(
      `--images ${JSON.stringify(range)} must be FROM:TO with 0 <= FROM < TO <= ${dataset.count} (the dataset's size)`,
    );
  }
  const indices = Array.from({ length: to - from }, (_, i) => from + i);
  return subsetDataset(dataset, indices, `${dataset.name}[${from}:${to}]`);
}

/**
 * One progress bar for the whole study (its stages overlap: a row's cells start as soon as its inversion is
 * done, while other models still invert), labelled with the stage and model of the latest event.
 */
function studyBar() {
  const steps = 1000;
  let bar: ProgressBar | undefined;
  return {
    update(p: StudyProgress) {
      bar ??= createProgressBar('study'.padEnd(9), steps);
      bar.update(Math.round(p.fraction * steps), [p.stage, p.model, p.detail].filter(Boolean).join(' '));
    },
    finish(status?: string) {
      bar?.finish(status);
      bar = undefined;
    },
  };
}
