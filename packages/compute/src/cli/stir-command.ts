/**
 * `simlab stir`: STIR (SPEC §5; Nanda et al. 2022) over a model zoo — for every ordered pair (m1, m2),
 * STIR(m2 | m1) = CKA(m2(X), m2(X')) with X' inverted through m1 from noise — with a progress bar. Writes the
 * report with provenance (stir.json) and a heatmap of the STIR matrix beside the natural CKA (stir.svg).
 */
/* biome-ignore-all lint/suspicious/noConsole: a CLI's output is its product */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../backend.js';
import { subsetDataset } from '../data/dataset.js';
import { loadDataset } from '../data/load-dataset.js';
import { CancelledError, InvalidArgumentError } from '../errors.js';
import { renderHeatmapSvg } from '../image/heatmap-svg.js';
import { invertImagesParallel } from '../invert/invert-parallel.js';
import { NOISE_DISTRIBUTIONS, type NoiseDistribution } from '../invert/noise-seeds.js';
import { createWorkerPool, type WorkerPool } from '../parallel/worker-pool.js';
import { CKA_METRICS } from '../similarity/cka.js';
import type { CkaMetric } from '../similarity/cka-result.js';
import { formatStirSummary, runStir, type StirModel, type StirProgress } from '../stir/run-stir.js';
import { resolveStirSettings, STIR_DEFAULTS } from '../stir/stir-settings.js';
import { chooseStudyImages, datasetSliceHash } from '../study/study-images.js';
import { DEFAULT_ZOO_DIR, loadStudyModels, readZoo } from '../study/study-models.js';
import { STUDY_PRESETS } from '../study/study-params.js';
import type { Command } from './command.js';
import { fractionOption, integerOption } from './options.js';
import { createProgressBar, type ProgressBar } from './progress-bar.js';

const d = STIR_DEFAULTS;
const quick = STUDY_PRESETS.quick;
const usage = `usage: simlab stir [options]

  --zoo DIR             model zoo (default packages/compute/zoo/mnist, zoo v2; zoo/fashion-mnist for
                        Fashion-MNIST): index.json or one folder per model
  --models a,b,...      only these models of the zoo, in this order (at least 2)
  --dataset NAME|PATH   natural images X from this dataset (default mnist): the images the models did not
                        train on, from their model cards, as simlab study chooses them (else all, with a note)
  --pairs N             natural images X, each with its inverted X' (default 64)
  --iterations K        default ${d.inversion.iterations}
  --step-size S         default ${d.inversion.stepSize} (normalised-gradient step, momentum ${d.inversion.momentum})
  --batch-size B        default ${d.inversion.batchSize}
  --noise normal|uniform  noise seeds of X' (default ${d.noise}: N(0,1) clamped to [0,1], as STIR's code)
  --noise-seed R        default ${d.noiseSeed}
  --no-fake-relu        plain ReLU gradient (default: fake ReLU wherever the representation ends in a ReLU)
  --layer NAME          representation layer (default: the input of the final Dense layer)
  --metric M            ${CKA_METRICS.join('|')} (default linear)
  --null K  --bootstrap K   per-cell null-baseline shuffles and bootstrap resamples (default ${quick.nullPermutations}, ${quick.bootstrapResamples}; 0: off)
  --seed S              seed of the draw of X and of the statistics (default 0)
  --jobs N              worker threads sharing each inversion's batches (default: the number of cores)
  --out DIR             stir.json and stir.svg (default ./simlab-stir)

Row m1, column m2 of the matrix: STIR(m2 | m1), how much of m1's invariance m2 shares. Not symmetric.`;

export const stirCommand: Command = {
  summary:
    'STIR(m2 | m1) for every ordered pair of a model zoo: shared invariances, both directions (SPEC §5)',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        zoo: { type: 'string' },
        models: { type: 'string' },
        dataset: { type: 'string', default: 'mnist' },
        pairs: { type: 'string' },
        iterations: { type: 'string' },
        'step-size': { type: 'string' },
        'batch-size': { type: 'string' },
        noise: { type: 'string' },
        'noise-seed': { type: 'string' },
        'no-fake-relu': { type: 'boolean', default: false },
        layer: { type: 'string' },
        metric: { type: 'string', default: 'linear' },
        null: { type: 'string' },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
        jobs: { type: 'string' },
        out: { type: 'string', default: 'simlab-stir' },
      },
    });
    const metric = values.metric as CkaMetric;
    if (!CKA_METRICS.includes(metric)) {
      throw new InvalidArgumentError(
        `--metric ${JSON.stringify(values.metric)} is unknown; use ${CKA_METRICS.join(', ')}`,
      );
    }
    if (values.noise !== undefined && !NOISE_DISTRIBUTIONS.includes(values.noise as NoiseDistribution)) {
      throw new InvalidArgumentError(
        `--noise ${JSON.stringify(values.noise)} is unknown; use ${NOISE_DISTRIBUTIONS.join(' or ')}`,
      );
    }
    const seed = integerOption('seed', values.seed, 0, 0);
    const settings = resolveStirSettings({
      noise: values.noise as NoiseDistribution | undefined,
      noiseSeed: integerOption('noise-seed', values['noise-seed'], d.noiseSeed, 0),
      inversion: {
        iterations: integerOption('iterations', values.iterations, d.inversion.iterations, 0),
        stepSize: fractionOption('step-size', values['step-size'], d.inversion.stepSize),
        batchSize: integerOption('batch-size', values['batch-size'], d.inversion.batchSize),
        fakeRelu: !values['no-fake-relu'],
      },
    });
    const statistics = {
      metric,
      nullPermutations: integerOption('null', values.null, quick.nullPermutations, 0),
      bootstrapResamples: integerOption('bootstrap', values.bootstrap, quick.bootstrapResamples, 0),
      seed,
    };
    const backend = await initBackend();
    const specs = await readZoo(
      values.zoo ?? DEFAULT_ZOO_DIR,
      values.models?.split(',').map((s) => s.trim()),
    );
    const models = await loadStudyModels(specs);
    const all = await loadDataset(values.dataset);
    // The study's image rule (study-images.ts): X from the images the models did not train on.
    const images = await chooseStudyImages({ dataset: all, models, sliceHash: datasetSliceHash(all) });
    console.error(`using ${images.reason}`);
    for (const note of images.notes) console.error(`note: ${note}`);
    const dataset =
      images.count === all.count
        ? all
        : subsetDataset(
            all,
            Array.from({ length: images.count }, (_, i) => images.from + i),
            `${all.name}[${images.from}:${images.to}]`,
          );
    const count = integerOption('pairs', values.pairs, 64, 4);
    const jobs = integerOption('jobs', values.jobs, availableParallelism());
    console.error(
      `STIR of ${models.length} models on ${count} images of ${dataset.name} (${dataset.count}), ` +
        `${settings.inversion.iterations} iterations, backend ${backend.name}`,
    );

    const controller = new AbortController();
    const onSigint = () => controller.abort(new Error('interrupted by Ctrl-C'));
    process.once('SIGINT', onSigint);
    const progress = stirBar();
    // Batches split across threads give each sample the trajectory it has on one thread (invert-parallel.ts).
    const pool: WorkerPool | undefined = jobs > 1 ? createWorkerPool({ size: jobs }) : undefined;
    try {
      const report = await runStir({
        models,
        dataset,
        count,
        sampleSeed: seed,
        settings,
        statistics,
        layer: values.layer,
        signal: controller.signal,
        onProgress: progress.update,
        ...(pool && {
          inverter: (m: StirModel) => (model, seeds, targets, seedLabels, targetLabels, options) =>
            invertImagesParallel(model, seeds, targets, seedLabels, targetLabels, {
              ...options,
              pool,
              modelDir: m.dir,
            }),
        }),
      });
      progress.finish();
      const out = values.out;
      await mkdir(out, { recursive: true });
      await writeFile(join(out, 'stir.json'), `${JSON.stringify(report, null, 2)}\n`);
      await writeFile(
        join(out, 'stir.svg'),
        renderHeatmapSvg({
          labels: report.stir.ids,
          panels: [
            {
              title: "STIR(m2 | m1): X' inverted through m1",
              subtitle: `off-diagonal mean ${report.summary.stirOffDiagonalMean.toFixed(3)}`,
              values: report.stir.values,
            },
            {
              title: 'natural CKA',
              subtitle: `off-diagonal mean ${report.summary.naturalOffDiagonalMean.toFixed(3)}`,
              values: report.natural.values,
            },
          ],
          rowCaption: 'm1 (row)',
          columnCaption: 'm2 (column)',
        }),
      );
      console.log(formatStirSummary(report));
      console.log(`\nwrote ${join(out, 'stir.json')}, ${join(out, 'stir.svg')}`);
    } catch (error) {
      progress.finish('stopped');
      if (error instanceof CancelledError) console.error('stopped; nothing was written');
      throw error;
    } finally {
      process.off('SIGINT', onSigint);
      await pool?.close();
    }
  },
};

/** One bar per stage: the inversions (iterations over all models), then the cells. */
function stirBar() {
  let bar: ProgressBar | undefined;
  let stage: StirProgress['stage'] | undefined;
  return {
    update(p: StirProgress) {
      if (p.stage !== stage) {
        bar?.finish();
        stage = p.stage;
        bar = createProgressBar(p.stage === 'invert' ? 'invert   ' : 'cells    ', p.total);
      }
      bar!.update(p.done, [p.model, p.detail].filter(Boolean).join(' '));
    },
    finish(status?: string) {
      bar?.finish(status);
      bar = undefined;
    },
  };
}
