/**
 * The training, validation and evaluation sets of a zoo recipe, cut from the dataset by the recipe's fixed index
 * ranges (zoo-plan.ts), with names that say which range they are (the hashes pin the exact images).
 */
import { type Dataset, subsetDataset } from '../data/dataset.js';
import { loadFashionMnist } from '../data/idx-dataset.js';
import { loadMnist } from '../data/mnist.js';
import { InvalidArgumentError } from '../errors.js';
import type { ZooRecipe } from './zoo-plan.js';

export interface ZooData {
  train: Dataset;
  validation: Dataset;
  evaluation: Dataset;
}

/**
 * @param fashionDir where Fashion-MNIST's IDX files are (default Debian's /usr/share/datasets/fashion-mnist).
 * @throws NotFoundError when Fashion-MNIST is not installed; InvalidArgumentError for a range outside its split.
 */
export async function loadZooData(recipe: ZooRecipe, fashionDir?: string): Promise<ZooData> {
  const splits = new Map<string, Dataset>();
  const split = async (name: 'all' | 'train' | 'test'): Promise<Dataset> => {
    let found = splits.get(name);
    if (!found) {
      found =
        recipe.dataset === 'mnist'
          ? loadMnist()
          : await loadFashionMnist({ split: name === 'test' ? 'test' : 'train', dir: fashionDir });
      splits.set(name, found);
    }
    return found;
  };
  const cut = async (part: keyof ZooData) => {
    const { split: name, range } = recipe[part];
    const source = await split(name);
    const [start, end] = range;
    if (
      !(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= source.count)
    ) {
      throw new InvalidArgumentError(
        `${recipe.dataset} ${part} range [${start}, ${end}) must lie within the ${name} split's ${source.count} images`,
      );
    }
    const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const label = name === 'all' ? '' : `${name}`;
    return subsetDataset(source, indices, `${recipe.dataset}-${label}[${start}:${end}]`.replace('-[', '['));
  };
  return {
    train: await cut('train'),
    validation: await cut('validation'),
    evaluation: await cut('evaluation'),
  };
}
