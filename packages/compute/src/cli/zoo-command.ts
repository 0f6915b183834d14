/** `simlab zoo`: train a shipped model zoo (`npm run zoo:train`) or list a zoo with its accuracies. */
/* biome-ignore-all lint/suspicious/noConsole: a CLI's output is its product */
import { fork } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import { trainZoo, type ZooIndexEntry } from '../zoo/train-zoo.js';
import { shippedZooDir, ZOO_DATASETS, ZOO_RECIPES, type ZooDataset, zooPlan } from '../zoo/zoo-plan.js';
import type { Command } from './command.js';
import { integerOption } from './options.js';
import { createProgressBar, type ProgressBar } from './progress-bar.js';

const mnist = ZOO_RECIPES.mnist;
const usage = `usage: simlab zoo train|list [options]

  train   trains every architecture at L2 eps ${mnist.eps.join(', ')} (MNIST: ${mnist.replicates} independent runs each) to a
          validation plateau into the zoo directory; finished models are kept (an interrupted run resumes)
  list    prints the zoo's table of clean accuracy and the robustness grid (markdown)
  --dataset NAME   ${ZOO_DATASETS.join(' | ')} (default mnist)
  --zoo DIR        zoo directory (default: the shipped one, packages/compute/zoo/<dataset>)
  --only a,b       train only these model ids (e.g. resnet-l2-eps1-r2)
  --max-epochs N   default ${mnist.settings.maxEpochs} (early stopping usually ends sooner)
  --processes N    train N models at a time in N processes, one core each (default 1)
  --force          retrain models that already exist`;

export const zooCommand: Command = {
  summary: 'train a shipped model zoo (6 architectures x 3 robustness levels, per dataset) or list it',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dataset: { type: 'string', default: 'mnist' },
        zoo: { type: 'string' },
        only: { type: 'string' },
        'max-epochs': { type: 'string' },
        processes: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
    const dataset = values.dataset as ZooDataset;
    const recipe = ZOO_RECIPES[dataset];
    if (!recipe) {
      throw new InvalidArgumentError(
        `--dataset ${JSON.stringify(values.dataset)} is not a zoo dataset; use ${ZOO_DATASETS.join(' or ')}`,
      );
    }
    const zoo = values.zoo ?? shippedZooDir(dataset);
    const [action] = positionals;
    if (action === 'list') {
      console.log(zooTable(await readIndex(zoo)));
      return;
    }
    if (action !== 'train')
      throw new InvalidArgumentError(`expected "train" or "list", got ${JSON.stringify(action)}`);
    const only = values.only?.split(',');
    const plan = zooPlan(recipe).filter((e) => !only || only.includes(e.id));
    if (plan.length === 0) {
      throw new InvalidArgumentError(
        `--only ${values.only} matches no model of ${zooPlan(recipe)
          .map((e) => e.id)
          .join(', ')}`,
      );
    }
    const maxEpochs = integerOption('max-epochs', values['max-epochs'], recipe.settings.maxEpochs);
    const processes = integerOption('processes', values.processes, 1);
    await mkdir(zoo, { recursive: true });
    const started = performance.now();
    if (processes > 1) {
      await trainInProcesses(argv, processes);
    } else {
      const backend = await initBackend();
      console.error(`training ${plan.length} ${dataset} models into ${zoo} on ${backend.name}`);
      await trainHere({ recipe, plan, zoo, maxEpochs, force: values.force });
    }
    // Children of --processes leave the table to their parent.
    if (process.env.SIMLAB_ZOO_CHILD === '1') return;
    console.log(zooTable(await readIndex(zoo)));
    console.error(`zoo trained in ${((performance.now() - started) / 60000).toFixed(1)} min`);
  },
};

async function trainHere(run: {
  recipe: (typeof ZOO_RECIPES)[ZooDataset];
  plan: ReturnType<typeof zooPlan>;
  zoo: string;
  maxEpochs: number;
  force: boolean;
}): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted; run again to resume'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let bar: ProgressBar | undefined;
  await trainZoo({
    outDir: run.zoo,
    recipe: run.recipe,
    plan: run.plan,
    force: run.force,
    settings: { maxEpochs: run.maxEpochs },
    signal: controller.signal,
    onProgress: (entry, p) => {
      bar ??= createProgressBar(`${entry.id} epoch ${p.epoch}`.padEnd(32), p.steps);
      bar.update(
        p.step,
        `loss ${p.loss.toFixed(3)} acc ${p.accuracy.toFixed(3)} ${p.imagesPerSecond.toFixed(0)} img/s`,
      );
    },
    onValidation: (entry, v) => {
      bar?.finish();
      bar = undefined;
      const robust = v.robustAccuracy === undefined ? '' : ` robust ${v.robustAccuracy.toFixed(3)}`;
      console.error(`${entry.id} epoch ${v.epoch}: validation clean ${v.cleanAccuracy.toFixed(3)}${robust}`);
    },
    onModelDone: (entry, { card, reused, claimed }) => {
      if (claimed) console.error(`${entry.id}: being trained by another process, skipped`);
      else if (reused) console.error(`${entry.id}: already trained`);
      if (!card || reused) return;
      const stopping = card.training.earlyStopping;
      const grid = (card.evaluation.robustnessGrid ?? []).map((p) => `${p.eps}: ${p.accuracy.toFixed(3)}`);
      console.error(
        `${entry.id}: kept epoch ${stopping?.bestEpoch} of ${stopping?.epochsRun} (${stopping?.stoppedBy}); ` +
          `grid ${grid.join(', ')}`,
      );
    },
  });
}

/** Runs this same command in `n` child processes (without --processes); they share the plan through lock files. */
async function trainInProcesses(argv: readonly string[], n: number): Promise<void> {
  const args = withoutFlag(argv, 'processes');
  const script = process.argv[1]!;
  console.error(`training in ${n} processes`);
  const children = Array.from({ length: n }, () =>
    fork(script, ['zoo', ...args], { stdio: 'inherit', env: { ...process.env, SIMLAB_ZOO_CHILD: '1' } }),
  );
  const forward = () => {
    for (const child of children) child.kill('SIGINT');
  };
  process.once('SIGINT', forward);
  process.once('SIGTERM', forward);
  const codes = await Promise.all(
    children.map((child) => new Promise<number | null>((resolve) => child.on('exit', resolve))),
  );
  const failed = codes.filter((code) => code !== 0).length;
  if (failed > 0) {
    throw new InvalidArgumentError(
      `${failed} of ${n} training processes failed (see their output above); run the command again to resume`,
    );
  }
}

function withoutFlag(argv: readonly string[], flag: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${flag}`) i++;
    else if (!arg.startsWith(`--${flag}=`)) out.push(arg);
  }
  return out;
}

async function readIndex(zoo: string): Promise<ZooIndexEntry[]> {
  const text = await readFile(join(zoo, 'index.json'), 'utf8').catch(() => {
    throw new InvalidArgumentError(`${zoo} has no index.json; train it with \`npm run zoo:train\``);
  });
  return (JSON.parse(text) as { models: ZooIndexEntry[] }).models;
}

/** A markdown table, as pasted into the README. */
export function zooTable(index: readonly ZooIndexEntry[]): string {
  const grid = [...new Set(index.flatMap((m) => (m.robustnessGrid ?? []).map((p) => p.eps)))]
    .filter((eps) => eps > 0)
    .sort((a, b) => a - b);
  const percent = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
  const rows = index.map((m) => {
    const at = (eps: number) => m.robustnessGrid?.find((p) => p.eps === eps)?.accuracy;
    return (
      `| ${m.id} | ${m.architectureId} | ${m.norm.toUpperCase()} ${m.eps} | ${m.seed ?? '–'} | ` +
      `${m.parameterCount.toLocaleString('en')} | ${m.bestEpoch ?? '–'}/${m.epochsRun ?? '–'} | ` +
      `${percent(m.cleanAccuracy)} | ${grid.map((eps) => percent(at(eps))).join(' | ')} | ${m.trainSeconds.toFixed(0)} s |`
    );
  });
  const gridHeads = grid.map((eps) => `PGD-20 L2 ${eps}`);
  return [
    `| model | architecture | training eps | init seed | parameters | best/run epochs | clean | ${gridHeads.join(' | ')} | train time |`,
    `|---|---|---|---|---|---|---|${grid.map(() => '---|').join('')}---|`,
    ...rows,
  ].join('\n');
}
