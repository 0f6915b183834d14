/**
 * Seed/target pairs for inverted datasets (SPEC §4): n pairs drawn with a seeded generator, the two images of
 * each pair of different labels, with indices and labels recorded so a result can be traced and replayed.
 */
import { InvalidArgumentError, SameLabelPairError, ShapeMismatchError } from '../errors.js';
import { createRng } from '../random.js';

export interface PairSample {
  /** Dataset indices of the seed images (the starting points x = s), all distinct. */
  seedIndices: Int32Array;
  /** Dataset indices of the targets whose representations are matched, all distinct. */
  targetIndices: Int32Array;
  seedLabels: Int32Array;
  /** The inverted image keeps its target's label (SPEC §4). */
  targetLabels: Int32Array;
  /** The generator seed that reproduces this sample. */
  seed: number;
  count: number;
}

export interface SamplePairsOptions {
  /** Number of pairs, at most (number of images) - (size of the largest class). */
  count: number;
  /** Seed of the Mulberry32 generator (random.ts); the same labels, count and seed give the same pairs. */
  seed: number;
}

/**
 * Draws `count` pairs: seeds are a uniformly random set of distinct images; each seed's target is drawn
 * uniformly from the images not yet used as a target whose label differs from the seed's. No image is a
 * target twice, so the inverted dataset holds no duplicate representations.
 *
 * The greedy draw never runs dry when count <= N - n_max (N images, n_max in the largest class): before the
 * k-th draw N - k + 1 >= n_max + 1 targets remain, at most n_max of them in the seed's class.
 * @throws InvalidArgumentError for a bad count or a dataset with a single class.
 */
export function samplePairs(labels: ArrayLike<number>, options: SamplePairsOptions): PairSample {
  const { count, seed } = options;
  const n = labels.length;
  const byClass = groupByClass(labels);
  const [largestLabel, largest] = [...byClass.entries()].reduce((a, b) =>
    b[1].length > a[1].length ? b : a,
  );
  if (byClass.size < 2) {
    throw new InvalidArgumentError(
      `all ${n} images have label ${largestLabel}; pairs need images of at least two classes (SPEC §4)`,
    );
  }
  const max = n - largest.length;
  if (!Number.isInteger(count) || count < 1 || count > max) {
    throw new InvalidArgumentError(
      `pair count ${count} must be an integer in 1..${max}: ${n} images minus ${largest.length} in the largest ` +
        `class (label ${largestLabel}), since each image is used at most once as a seed and once as a target`,
    );
  }
  const rng = createRng(seed);
  const seedIndices = rng.permutation(n).slice(0, count);
  // Per class, the unused targets in random order; taking from the end keeps each pool uniformly shuffled.
  const pools = new Map([...byClass].map(([label, idx]) => [label, rng.shuffle(idx.slice())]));
  const targetIndices = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const seedLabel = labels[seedIndices[k]!]!;
    let available = 0;
    for (const [label, pool] of pools) if (label !== seedLabel) available += pool.length;
    // Choose among all remaining other-class targets uniformly: a class with probability pool/available.
    let r = rng.int(available);
    for (const [label, pool] of pools) {
      if (label === seedLabel) continue;
      if (r < pool.length) {
        targetIndices[k] = pool.pop()!;
        break;
      }
      r -= pool.length;
    }
  }
  const seedLabels = Int32Array.from(seedIndices, (i) => labels[i]!);
  const targetLabels = Int32Array.from(targetIndices, (i) => labels[i]!);
  assertDifferentLabels(seedLabels, targetLabels);
  return { seedIndices, targetIndices, seedLabels, targetLabels, seed, count };
}

/**
 * Checks explicit pairs: the i-th seed and target must have different labels (SPEC §4).
 * @throws SameLabelPairError at the first pair sharing a label; ShapeMismatchError for unequal lengths.
 */
export function assertDifferentLabels(seedLabels: ArrayLike<number>, targetLabels: ArrayLike<number>): void {
  if (seedLabels.length !== targetLabels.length) {
    throw new ShapeMismatchError(
      `${seedLabels.length} seed labels but ${targetLabels.length} target labels; give one target per seed`,
    );
  }
  for (let i = 0; i < seedLabels.length; i++) {
    if (seedLabels[i] === targetLabels[i]) {
      throw new SameLabelPairError(
        `seed and target share label ${seedLabels[i]} at pair ${i}; pairs must differ in label (SPEC §4): ` +
          'choose a target of another class',
      );
    }
  }
}

function groupByClass(labels: ArrayLike<number>): Map<number, number[]> {
  if (labels.length === 0)
    throw new InvalidArgumentError('cannot sample pairs from a dataset with no images');
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const list = byClass.get(label);
    if (list) list.push(i);
    else byClass.set(label, [i]);
  }
  // Sorted by label so the draw does not depend on the order labels first appear in.
  return new Map([...byClass].sort((a, b) => a[0] - b[0]));
}
