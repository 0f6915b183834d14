/**
 * What `simlab study` reads besides its flags: imported models added to a zoo (`--add-model`), the dataset the
 * zoo was trained for, and the images of it the models never saw (held-out part, or the evaluation split).
 */
/* biome-ignore-all lint/suspicious/noConsole: a CLI's output is its product */
import { basename, extname } from 'node:path';
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { InvalidArgumentError } from '../errors.js';
import { heldOutDataset } from '../study/held-out.js';
import type { StudyModelSpec } from '../study/study-models.js';

const NORMS = ['l2', 'linf'] as const;

/**
 * `PATH[,id=ID][,arch=NAME][,eps=E][,norm=l2|linf]`: an imported model (ONNX file or directory) joining the zoo.
 * An imported model has no card, so its training eps is asked for (eps=0 for a standard model); its architecture
 * defaults to its own name, as the user named it.
 * @throws InvalidArgumentError for an unknown key, a bad eps or norm, or a missing eps.
 */
export function parseAddModel(value: string): StudyModelSpec {
  const [path, ...fields] = value.split(',');
  if (!path) throw new InvalidArgumentError(`--add-model ${JSON.stringify(value)} names no path`);
  const spec: StudyModelSpec = { id: basename(path, extname(path)), dir: path };
  for (const field of fields) {
    const [key, raw] = field.split('=');
    if (raw === undefined || raw === '') {
      throw new InvalidArgumentError(`--add-model field ${JSON.stringify(field)} must be key=value`);
    }
    if (key === 'id') spec.id = raw;
    else if (key === 'arch') spec.architecture = raw;
    else if (key === 'eps') {
      spec.eps = Number(raw);
      if (!(spec.eps >= 0)) throw new InvalidArgumentError(`--add-model eps=${raw} must be a number >= 0`);
    } else if (key === 'norm') {
      if (!(NORMS as readonly string[]).includes(raw)) {
        throw new InvalidArgumentError(`--add-model norm=${raw} is unknown; use ${NORMS.join(' or ')}`);
      }
      spec.norm = raw as StudyModelSpec['norm'];
    } else {
      throw new InvalidArgumentError(
        `--add-model key ${JSON.stringify(key)} is unknown; use id=, arch=, eps=, norm=`,
      );
    }
  }
  if (spec.eps === undefined) {
    throw new InvalidArgumentError(
      `--add-model ${path}: give its training eps (eps=0 for standard training); an imported model has no card`,
    );
  }
  return spec;
}

/** The dataset the zoo's cards say the models trained on: 'fashion-mnist' or 'mnist' (the default). */
export function zooDataset(models: readonly StudyModelSpec[]): string {
  const trained = models.find((m) => m.card)?.card?.training.dataset.name ?? '';
  return /^fashion-mnist/.test(trained) ? 'fashion-mnist' : 'mnist';
}

/**
 * `--images FROM:TO` keeps images FROM..TO-1 (the dataset hash then covers exactly those). Without it, the images
 * the models did not train on: the held-out part when their cards name a common training prefix
 * (heldOutDataset), the whole dataset when it is every model's evaluation set and none trained or validated on it
 * (Fashion-MNIST's test split for zoo v2); else all, with a warning.
 * @throws InvalidArgumentError for a malformed or out-of-range FROM:TO.
 */
export function chooseImages(
  dataset: Dataset,
  range: string | undefined,
  models: readonly StudyModelSpec[],
): Dataset {
  if (range === undefined) {
    const cards = models.map((m) => m.card);
    const heldOut = heldOutDataset(dataset, cards);
    if (heldOut) {
      console.error(`using the ${heldOut.count} images the models did not train on: ${heldOut.name}`);
      return heldOut;
    }
    const evaluation =
      cards.length > 0 &&
      cards.every(
        (c) =>
          c?.evaluation.dataset.hash === dataset.hash &&
          c.training.dataset.hash !== dataset.hash &&
          c.training.validation?.hash !== dataset.hash,
      );
    if (evaluation) {
      console.error(
        `using ${dataset.name} (${dataset.count} images): every model's evaluation set, not its training ` +
          `(${cards[0]!.training.dataset.name}) or validation set`,
      );
      return dataset;
    }
    console.error(
      `warning: the model cards do not name a common training prefix or evaluation set of ${dataset.name}, so ` +
        'the study may use training images; pass --images FROM:TO to choose held-out ones',
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
