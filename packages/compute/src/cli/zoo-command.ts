/** `simlab zoo`: train the shipped model zoo (`npm run zoo:train`) or list a zoo with its accuracies. */
/* biome-ignore-all lint/suspicious/noConsole: a CLI's output is its product */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../backend.js';
import { InvalidArgumentError } from '../errors.js';
import { DEFAULT_ZOO_DIR } from '../study/study-models.js';
import { trainZoo, type ZooIndexEntry } from '../zoo/train-zoo.js';
import { ZOO_EPS, ZOO_SETTINGS, zooPlan } from '../zoo/zoo-plan.js';
import type { Command } from './command.js';
import { integerOption } from './options.js';
import { createProgressBar, type ProgressBar } from './progress-bar.js';

const usage = `usage: simlab zoo train|list [options]

  train   trains every architecture at L2 eps ${ZOO_EPS.join(', ')} on the built-in MNIST into the zoo directory;
          finished models are kept (an interrupted run resumes); --force retrains
  list    prints the zoo's table of clean and robust accuracies (markdown)
  --zoo DIR        zoo directory (default: the shipped one, packages/compute/zoo)
  --only a,b       train only these model ids (e.g. resnet-l2-eps1)
  --epochs N       default ${ZOO_SETTINGS.epochs}
  --force          retrain models that already exist`;

export const zooCommand: Command = {
  summary: 'train the shipped model zoo (6 architectures x 3 robustness levels) or list it',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        zoo: { type: 'string', default: DEFAULT_ZOO_DIR },
        only: { type: 'string' },
        epochs: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
    const [action] = positionals;
    if (action === 'list') {
      console.log(zooTable(await readIndex(values.zoo)));
      return;
    }
    if (action !== 'train')
      throw new InvalidArgumentError(`expected "train" or "list", got ${JSON.stringify(action)}`);
    const only = values.only?.split(',');
    const plan = zooPlan().filter((e) => !only || only.includes(e.id));
    if (plan.length === 0)
      throw new InvalidArgumentError(
        `--only ${values.only} matches no model of ${zooPlan()
          .map((e) => e.id)
          .join(', ')}`,
      );
    const epochs = integerOption('epochs', values.epochs, ZOO_SETTINGS.epochs);
    const backend = await initBackend();
    await mkdir(values.zoo, { recursive: true });
    const started = performance.now();
    console.error(`training ${plan.length} models into ${values.zoo} on ${backend.name}`);
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort(new Error('interrupted; run again to resume')));
    let bar: ProgressBar | undefined;
    const index = await trainZoo({
      outDir: values.zoo,
      plan,
      force: values.force,
      settings: { epochs },
      signal: controller.signal,
      onProgress: (entry, p) => {
        bar ??= createProgressBar(entry.id.padEnd(18), p.steps * epochs);
        bar.update(
          (p.epoch - 1) * p.steps + p.step,
          `loss ${p.loss.toFixed(3)} acc ${p.accuracy.toFixed(3)} ${p.imagesPerSecond.toFixed(0)} img/s`,
        );
      },
      onModelDone: (entry, card, reused) => {
        if (bar)
          bar.finish(
            `clean ${card.evaluation.cleanAccuracy.toFixed(3)} robust ${card.evaluation.robustAccuracy.toFixed(3)}`,
          );
        else if (reused)
          console.error(`${entry.id}: already trained (clean ${card.evaluation.cleanAccuracy.toFixed(3)})`);
        bar = undefined;
      },
    });
    console.log(zooTable(index));
    console.error(`zoo trained in ${((performance.now() - started) / 60000).toFixed(1)} min`);
  },
};

async function readIndex(zoo: string): Promise<ZooIndexEntry[]> {
  const text = await readFile(join(zoo, 'index.json'), 'utf8').catch(() => {
    throw new InvalidArgumentError(`${zoo} has no index.json; train it with \`npm run zoo:train\``);
  });
  return (JSON.parse(text) as { models: ZooIndexEntry[] }).models;
}

/** A markdown table, as pasted into the README. */
export function zooTable(index: readonly ZooIndexEntry[]): string {
  const rows = index.map(
    (m) =>
      `| ${m.id} | ${m.architectureId} | ${m.norm.toUpperCase()} ${m.eps} | ${m.parameterCount.toLocaleString('en')} | ` +
      `${(m.cleanAccuracy * 100).toFixed(1)}% | ${(m.robustAccuracy * 100).toFixed(1)}% | ${m.trainSeconds.toFixed(0)} s |`,
  );
  return [
    '| model | architecture | training eps | parameters | clean acc. | robust acc. (PGD-20 at training eps) | train time |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
