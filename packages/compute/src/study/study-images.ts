/**
 * The images a study draws its pairs from, and so its natural images (SPEC §4, §5): those the models did not
 * train on. One rule for both drivers (`simlab study` and the server's startStudy), decided from the model cards:
 *
 *   1. requested  images FROM..TO-1 as asked (`--images`); a note names models whose cards put training or
 *                 validation images in that range
 *   2. held-out   the images after the training prefix every card names and the validation split that follows
 *                 it, each checked by its hash (zoo v2 MNIST: train 0..7199, validate 7200..7999: pairs from
 *                 8000..9999); when cards name different prefixes, after the longest
 *   3. evaluation-set  the whole dataset when it is every model's evaluation set and no card trained or
 *                 validated on it (zoo v2 Fashion-MNIST: its test split)
 *   4. whole-dataset   otherwise, with notes that say why (models without a card, such as imported ONNX ones;
 *                 cards naming the whole dataset, or a training set that is not a prefix of it)
 *
 * Indices stay the dataset's own, so pairs, natural images and provenance index the dataset a driver holds.
 * A study compares models of one dataset on its images: models whose cards say they trained on another known
 * dataset (Fashion-MNIST models in an MNIST study), or on two of them, are refused (assertOneDataset).
 */
import { type Dataset, datasetHash } from '../data/dataset.js';
import { type PairSample, samplePairs } from '../data/pairs.js';
import { InvalidArgumentError } from '../errors.js';
import type { ModelCard } from '../models/model-card.js';

export type StudyImagesRule = 'requested' | 'held-out' | 'evaluation-set' | 'whole-dataset';

/** Images from..to-1 of the study's dataset; every pair's seed and target is one of them. */
export interface StudyImages {
  from: number;
  to: number;
  count: number;
  rule: StudyImagesRule;
  /** One sentence: which images, and why these. */
  reason: string;
  /** What the rule could not establish or had to assume (never silent); [] when the cards settle it. */
  notes: string[];
}

export interface StudyImagesInput {
  /** `source`: how it was loaded ('mnist', 'fashion-mnist', a path), when its name may be anything. */
  dataset: { name: string; hash: string; count: number; source?: string };
  /** Each model's id and card; no card (an imported ONNX model) leaves its training images unknown. */
  models: readonly { id: string; card?: Pick<ModelCard, 'training' | 'evaluation'> }[];
  /** datasetHash of images from..to-1 with their labels (datasetSliceHash for a Dataset in memory). */
  sliceHash: (from: number, to: number) => string | Promise<string>;
  /** `--images FROM:TO`: use images from..to-1 whatever the cards say. */
  requested?: { from: number; to: number };
}

/** What one card says the model saw of the study's dataset. */
type Seen =
  | { kind: 'prefix'; trained: number; validated: number }
  | { kind: 'all' | 'evaluation' | 'elsewhere' | 'unknown'; why: string };

/** Datasets compute knows by name (loadDataset): cards and studies name these, with a split or range. */
const KNOWN_DATASETS = ['mnist', 'fashion-mnist'];

/** The dataset a name is of: 'mnist' for mnist, mnist[0:7200] or mnist-train; any other name, lower case. */
export function datasetFamily(name: string): string {
  return name
    .toLowerCase()
    .replace(/\[[^\]]*\]$/, '')
    .replace(/-(train|test|heldout|validation)$/, '');
}

/**
 * @throws InvalidArgumentError for a requested range outside 0..count, and for models trained on another dataset
 *   than the study's (assertOneDataset).
 */
export async function chooseStudyImages(input: StudyImagesInput): Promise<StudyImages> {
  const { dataset, requested } = input;
  const hashes = new Map<string, Promise<string>>();
  const slice = (from: number, to: number) => {
    const key = `${from}:${to}`;
    if (!hashes.has(key)) hashes.set(key, Promise.resolve(input.sliceHash(from, to)));
    return hashes.get(key)!;
  };
  const seen: [string, Seen][] = [];
  for (const m of input.models) seen.push([m.id, await seenBy(m.card, dataset, slice)]);
  assertOneDataset(
    dataset,
    input.models.filter((_, i) => seen[i]![1].kind === 'elsewhere'),
    input.models,
  );
  const prefixes = seen.filter((s): s is [string, Seen & { kind: 'prefix' }] => s[1].kind === 'prefix');
  const used = Math.max(0, ...prefixes.map(([, s]) => s.trained + s.validated));
  const notes = seen.flatMap(([id, s]) =>
    s.kind === 'prefix' || s.kind === 'evaluation' ? [] : `${id}: ${s.why}`,
  );
  const range = (from: number, to: number, rule: StudyImagesRule, reason: string): StudyImages => ({
    from,
    to,
    count: to - from,
    rule,
    reason,
    notes,
  });

  if (requested) {
    const { from, to } = requested;
    if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to <= dataset.count)) {
      throw new InvalidArgumentError(
        `images ${from}:${to} must be FROM:TO with 0 <= FROM < TO <= ${dataset.count} (the size of ${dataset.name})`,
      );
    }
    const overlapping = prefixes.filter(([, s]) => s.trained + s.validated > from).map(([id]) => id);
    if (overlapping.length > 0) {
      notes.unshift(
        `${overlapping.join(', ')} trained or validated on images below ${used} (their cards), some of them in ` +
          'the requested range',
      );
    }
    return range(from, to, 'requested', `images ${from}..${to - 1} of ${dataset.name}, as requested`);
  }
  if (used >= dataset.count) {
    notes.unshift(
      `the cards' training and validation images cover all ${dataset.count} images: none is held out`,
    );
  } else if (used > 0) {
    const splits = new Set(prefixes.map(([, s]) => `${s.trained}+${s.validated}`));
    const [, first] = prefixes[0]!;
    const saw =
      splits.size === 1
        ? `trained on images 0..${first.trained - 1}${first.validated > 0 ? ` and validated on ${first.trained}..${used - 1}` : ''}`
        : `trained and validated on images up to ${used - 1} (${prefixes.map(([id, s]) => `${id} 0..${s.trained + s.validated - 1}`).join(', ')})`;
    if (prefixes.length < seen.length) {
      notes.push(
        `the range follows the cards of ${prefixes.map(([id]) => id).join(', ')}; the models noted above may ` +
          'have trained on images in it',
      );
    }
    return range(
      used,
      dataset.count,
      'held-out',
      `images ${used}..${dataset.count - 1} of ${dataset.name}: the models ${saw} (their cards)`,
    );
  } else if (seen.length > 0 && seen.every(([, s]) => s.kind === 'evaluation')) {
    return range(
      0,
      dataset.count,
      'evaluation-set',
      `all ${dataset.count} images of ${dataset.name}: every model's evaluation set; no card trained or validated on it`,
    );
  }
  return range(
    0,
    dataset.count,
    'whole-dataset',
    `all ${dataset.count} images of ${dataset.name}: the model cards do not say which images the models never saw` +
      (notes.length > 0 ? ' (see the notes)' : ''),
  );
}

/**
 * Refuses models of different datasets in one study: cards naming two known datasets, or a model whose card's
 * training set is neither this dataset's images (`elsewhere`: no hash ties it to them) nor of its kind.
 */
function assertOneDataset(
  dataset: StudyImagesInput['dataset'],
  elsewhere: StudyImagesInput['models'],
  models: StudyImagesInput['models'],
): void {
  const known = (name: string) => {
    const family = datasetFamily(name);
    return KNOWN_DATASETS.includes(family) ? family : undefined;
  };
  const trainedOn = (m: StudyImagesInput['models'][number]) =>
    m.card ? known(m.card.training.dataset.name) : undefined;
  const byDataset = new Map<string, string[]>();
  for (const m of models) {
    const family = trainedOn(m);
    if (family) byDataset.set(family, [...(byDataset.get(family) ?? []), m.id]);
  }
  const list = () => [...byDataset].map(([family, ids]) => `${ids.join(', ')} on ${family}`).join('; ');
  if (byDataset.size > 1) {
    throw new InvalidArgumentError(
      `the models were trained on different datasets (${list()}, their cards); a study compares models of one ` +
        "dataset on its images: study each dataset's models apart",
    );
  }
  const study = known(dataset.name) ?? (dataset.source ? known(dataset.source) : undefined);
  const stranger = elsewhere.find((m) => study && trainedOn(m) && trainedOn(m) !== study);
  if (stranger) {
    throw new InvalidArgumentError(
      `${stranger.id} was trained on ${trainedOn(stranger)} (its card: ${stranger.card!.training.dataset.name}), ` +
        `not on ${study} like the study's dataset ${dataset.name}; study it on ${trainedOn(stranger)} images`,
    );
  }
}

async function seenBy(
  card: StudyImagesInput['models'][number]['card'],
  dataset: StudyImagesInput['dataset'],
  slice: (from: number, to: number) => Promise<string>,
): Promise<Seen> {
  if (!card)
    return { kind: 'unknown', why: `no model card (an imported model?), so its training images are unknown` };
  const { dataset: trained, validation } = card.training;
  if (trained.hash === dataset.hash || validation?.hash === dataset.hash) {
    return { kind: 'all', why: `trained or validated on all of ${dataset.name} (its card)` };
  }
  if (trained.count < dataset.count && (await slice(0, trained.count)) === trained.hash) {
    if (!validation) return { kind: 'prefix', trained: trained.count, validated: 0 };
    const end = trained.count + validation.count;
    if (end <= dataset.count && (await slice(trained.count, end)) === validation.hash) {
      return { kind: 'prefix', trained: trained.count, validated: validation.count };
    }
    return {
      kind: 'unknown',
      why:
        `trained on images 0..${trained.count - 1}, but its validation split ${validation.name} is not images ` +
        `${trained.count}..${end - 1}; it may be anywhere in ${dataset.name}`,
    };
  }
  if (card.evaluation.dataset.hash === dataset.hash) return { kind: 'evaluation', why: '' };
  return {
    kind: 'elsewhere',
    why: `its card's training set ${trained.name} is not a prefix of ${dataset.name}; taken as drawn from other images`,
  };
}

/** All of the dataset, for plans made without a rule (a driver's plain matrices; studies stored before it). */
export function wholeDatasetImages(dataset: { name: string; count: number }, note?: string): StudyImages {
  return {
    from: 0,
    to: dataset.count,
    count: dataset.count,
    rule: 'whole-dataset',
    reason: `all ${dataset.count} images of ${dataset.name}`,
    notes: note ? [note] : [],
  };
}

/** The sliceHash of a dataset in memory: datasetHash of images from..to-1 and their labels. */
export function datasetSliceHash(dataset: Dataset): (from: number, to: number) => string {
  const size = dataset.imageShape.reduce((a, b) => a * b, 1);
  return (from, to) =>
    datasetHash({
      imageShape: dataset.imageShape,
      images: dataset.images.subarray(from * size, to * size),
      labels: dataset.labels.subarray(from, to),
    });
}

/**
 * The study's pairs, drawn from `images` only, with the dataset's own indices: samplePairs on their labels,
 * shifted by `images.from` (over the whole dataset, exactly samplePairs).
 * @throws InvalidArgumentError for more pairs than the range allows (naming the range), or a range outside the
 *   labels.
 */
export function sampleStudyPairs(
  labels: ArrayLike<number>,
  images: Pick<StudyImages, 'from' | 'to' | 'reason'>,
  options: { count: number; seed: number },
): PairSample {
  const { from, to } = images;
  if (!(from >= 0 && from < to && to <= labels.length)) {
    throw new InvalidArgumentError(
      `study images ${from}..${to - 1} are outside the dataset's ${labels.length} images; plan with the dataset they were chosen for`,
    );
  }
  const within = Array.from({ length: to - from }, (_, i) => labels[from + i]!);
  let pairs: PairSample;
  try {
    pairs = samplePairs(within, options);
  } catch (error) {
    if (!(error instanceof InvalidArgumentError) || (from === 0 && to === labels.length)) throw error;
    throw new InvalidArgumentError(`pairs come from ${images.reason}: ${error.message}; ask for fewer pairs`);
  }
  if (from === 0) return pairs;
  const shift = (indices: Int32Array) => indices.map((i) => i + from);
  return { ...pairs, seedIndices: shift(pairs.seedIndices), targetIndices: shift(pairs.targetIndices) };
}
