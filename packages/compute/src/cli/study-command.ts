/**
 * `simlab study`: the reproduction study (SPEC §1) on a model zoo — natural and inverted CKA matrices with
 * per-cell intervals and p-values, like-for-like headlines, the robustness trend tests, optionally convergence and
 * STIR — with a progress bar; Ctrl-C stops it cleanly and the same command resumes from the cache.
 */
/* biome-ignore-all lint/suspicious/noConsole: a CLI's output is its product */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../backend.js';
import { loadDataset } from '../data/load-dataset.js';
import { CancelledError, InvalidArgumentError } from '../errors.js';
import { CKA_METRICS } from '../similarity/cka.js';
import type { CkaMetric } from '../similarity/cka-result.js';
import { formatStudySummary } from '../study/format-study-summary.js';
import { runStudy, type StudyProgress } from '../study/run-study.js';
import { chooseStudyImages, datasetSliceHash } from '../study/study-images.js';
import { DEFAULT_ZOO_DIR, readZoo } from '../study/study-models.js';
import { STUDY_PRESETS, type StudyParamsOverrides, type StudyPreset } from '../study/study-params.js';
import type { Command } from './command.js';
import { fractionOption, integerOption, numberOption } from './options.js';
import { createProgressBar, type ProgressBar } from './progress-bar.js';
import { parseAddModel, parseImageRange, zooDataset } from './study-inputs.js';

const q = STUDY_PRESETS.quick;
const p = STUDY_PRESETS.paper;
const usage = `usage: simlab study [--preset quick|paper] [options]

  --preset quick|paper  quick: ${q.pairs} pairs, ${q.inversion.iterations} iterations (minutes on 2 cores);
                        paper: ${p.pairs} pairs, SPEC §4 defaults (${p.inversion.iterations} iterations), convergence at
                        ${p.convergence!.join(', ')} and STIR on (hours; resumable)
                        both: every cell biased + debiased CKA, ${q.intervalGroups}-group jackknife intervals, a
                        permutation null (${q.nullPermutations} | ${p.nullPermutations} shuffles), BH marks, headlines, trend tests
  --zoo DIR             model zoo (default packages/compute/zoo/mnist, zoo v2; zoo/fashion-mnist for
                        Fashion-MNIST): index.json or one folder per model
  --models a,b,...      only these models of the zoo, in this order
  --add-model SPEC      add an imported model: PATH[,id=ID][,arch=NAME][,eps=E][,norm=l2|linf] (PATH a .onnx
                        file or a directory holding model.onnx; eps required); repeatable
  --dataset NAME|PATH   pairs and natural images (default: the zoo's, from its cards: mnist or fashion-mnist's
                        test split)
  --images FROM:TO      draw pairs from images FROM..TO-1 of the dataset only (default: those the models did
                        not train on, from their model cards, as the shipped zoos' say; the report records
                        the range and why)
  --out DIR             report.json, summary.json, summary.txt, heatmaps, trend, convergence and STIR charts,
                        contact sheets (default ./simlab-study/<preset>)
  --cache DIR           inversion cache, reused and resumed across runs (default ./.simlab-cache/inversions)
  --no-cache            neither read nor write the cache
  --metric M            ${CKA_METRICS.join('|')} (default linear; cells carry debiased CKA beside it)
  --pairs N  --iterations K  --step-size S  --batch-size B  --layer NAME   override the preset
  --null K              per-cell permutation-null shuffles (0: no p-values, no marks)
  --intervals G         jackknife groups per cell (0: no intervals); --bootstrap G is its old name
  --trend-permutations K  within-architecture shuffles per trend test (default ${q.trendPermutations})
  --robust-eps E        the trend's measured-robustness covariate: card grid accuracy at L2 eps E (default ${q.robustAccuracyEps})
  --convergence LIST    checkpoints, e.g. 50,200,500 (those below --iterations; 'none' for none)
  --stir | --no-stir    STIR (SPEC §5) in both directions, with its own defaults (1000 iterations from noise)
  --stir-iterations K   STIR inversion iterations (default 1000)
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
        'add-model': { type: 'string', multiple: true },
        dataset: { type: 'string' },
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
        intervals: { type: 'string' },
        bootstrap: { type: 'string' },
        'trend-permutations': { type: 'string' },
        'robust-eps': { type: 'string' },
        convergence: { type: 'string' },
        stir: { type: 'boolean' },
        'no-stir': { type: 'boolean' },
        'stir-iterations': { type: 'string' },
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
    const params = studyOverrides(values, preset);
    const backend = await initBackend();
    const models = [
      ...(await readZoo(
        values.zoo ?? DEFAULT_ZOO_DIR,
        values.models?.split(',').map((s) => s.trim()),
      )),
      ...(values['add-model'] ?? []).map(parseAddModel),
    ];
    const requested = parseImageRange(values.images);
    const dataset = await loadDataset(values.dataset ?? zooDataset(models));
    // Models added with --add-model have no card: chooseStudyImages notes that their training images are unknown.
    const images = await chooseStudyImages({
      dataset,
      models,
      sliceHash: datasetSliceHash(dataset),
      ...(requested && { requested }),
    });
    const outDir = values.out ?? join('simlab-study', preset);
    const cacheDir = values['no-cache'] ? undefined : values.cache;
    console.error(
      `study (${preset}) of ${models.length} models on ${dataset.name}, backend ${backend.name}` +
        `${cacheDir ? `, cache ${cacheDir}` : ''}\nusing ${images.reason}`,
    );
    for (const note of images.notes) console.error(`note: ${note}`);

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
        images,
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

/** The preset's values replaced by the flags given (undefined: the preset's). */
function studyOverrides(
  values: Record<string, string | boolean | string[] | undefined>,
  preset: StudyPreset,
) {
  const base = STUDY_PRESETS[preset];
  const text = (name: string) => values[name] as string | undefined;
  const metric = (text('metric') ?? base.metric) as CkaMetric;
  if (!CKA_METRICS.includes(metric)) {
    throw new InvalidArgumentError(
      `--metric ${JSON.stringify(text('metric'))} is unknown; use ${CKA_METRICS.join(', ')}`,
    );
  }
  if (values.stir && values['no-stir']) throw new InvalidArgumentError('give --stir or --no-stir, not both');
  const optional = (name: string, min: number) =>
    text(name) === undefined ? undefined : integerOption(name, text(name), 0, min);
  const stirIterations = optional('stir-iterations', 1);
  const stir =
    values['no-stir'] === true
      ? false
      : values.stir === true || stirIterations !== undefined
        ? { ...(stirIterations !== undefined && { inversion: { iterations: stirIterations } }) }
        : undefined;
  const params: StudyParamsOverrides = {
    metric,
    pairs: optional('pairs', 4),
    pairSeed: optional('seed', 0),
    layer: text('layer'),
    nullPermutations: optional('null', 0),
    intervalGroups: optional('intervals', 0) ?? optional('bootstrap', 0),
    trendPermutations: optional('trend-permutations', 1),
    robustAccuracyEps:
      text('robust-eps') === undefined ? undefined : numberOption('robust-eps', text('robust-eps'), 1),
    convergence: convergenceOption(text('convergence')),
    ...(stir !== undefined && { stir }),
    inversion: {
      iterations: optional('iterations', 0),
      stepSize:
        text('step-size') === undefined ? undefined : fractionOption('step-size', text('step-size'), 0),
      batchSize: optional('batch-size', 1),
    },
  };
  return params;
}

/** `--convergence 50,200,500` or 'none'. */
function convergenceOption(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'none' || value === '') return [];
  return value.split(',').map((t) => integerOption('convergence', t.trim(), 0, 1));
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
