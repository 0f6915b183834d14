/**
 * What `simlab study` reads besides its flags: imported models added to a zoo (`--add-model`), the dataset the
 * zoo was trained for, and `--images`.
 */
import { basename, extname } from 'node:path';
import { InvalidArgumentError } from '../errors.js';
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
 * `--images FROM:TO`: images FROM..TO-1 of the dataset (chooseStudyImages checks them against its size).
 * Without it, chooseStudyImages picks the images the models did not train on from their cards.
 * @throws InvalidArgumentError for a value that is not FROM:TO with FROM < TO.
 */
export function parseImageRange(range: string | undefined): { from: number; to: number } | undefined {
  if (range === undefined) return undefined;
  const match = /^(\d+):(\d+)$/.exec(range);
  const [from, to] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
  if (!(from < to)) {
    throw new InvalidArgumentError(
      `--images ${JSON.stringify(range)} must be FROM:TO with 0 <= FROM < TO (images FROM..TO-1)`,
    );
  }
  return { from, to };
}
