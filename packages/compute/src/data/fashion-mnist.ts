/**
 * What SimLab knows about Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): where Debian's
 * `dataset-fashion-mnist` package installs its IDX files, and the names of its ten classes.
 * The loader is `loadFashionMnist` in idx-dataset.ts.
 */
import path from 'node:path';

/** Installed by `apt-get install dataset-fashion-mnist`: t10k-* (10,000 test) and train-* (60,000) IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** Label i names class i, in the order of the dataset's README. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** True for the Debian directory or any directory whose name mentions fashion-mnist. */
export function isFashionMnistDir(dir: string): boolean {
  return (
    path.resolve(dir) === FASHION_MNIST_DIR || /fashion[-_]?mnist/i.test(path.basename(path.resolve(dir)))
  );
}
