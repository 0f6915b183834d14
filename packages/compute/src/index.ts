/** @simlab/compute public API: everything importable from outside the package is named here. */
export * from './errors.js';
export { initBackend, currentBackend, machineInfo } from './backend.js';
export type { BackendInfo, BackendName, MachineInfo } from './backend.js';

// datasets (src/data/, src/random.ts): readers, dataset type and hash, pair sampling, seeded random numbers
export { createRng } from './random.js';
export type { Rng } from './random.js';
export { createDataset, datasetHash, subsetDataset, imagesTensor, labelsTensor } from './data/dataset.js';
export type { Dataset, DatasetParts } from './data/dataset.js';
export {
  assertSameImageShape,
  assertLabelCount,
  assertLabelsInRange,
  assertPixelRange,
  assertImageShape,
} from './data/validate.js';
export type { ImageShape } from './data/validate.js';
export { loadMnist, MNIST_CLASSES } from './data/mnist.js';
export { FASHION_MNIST_DIR, FASHION_MNIST_CLASSES, isFashionMnistDir } from './data/fashion-mnist.js';
export { readIdxFile, parseIdx, gunzipIfCompressed, idxToImages, idxToLabels } from './data/idx.js';
export type { IdxArray } from './data/idx.js';
export { loadIdxDataset, loadFashionMnist, hasIdxFiles } from './data/idx-dataset.js';
export type { IdxDatasetOptions, IdxSplit } from './data/idx-dataset.js';
export { readNpy, writeNpy, readNpyFile, writeNpyFile } from './data/npy.js';
export type { NpyArray, NpyData, NpyDtype } from './data/npy.js';
export { loadNpyDataset } from './data/npy-dataset.js';
export type { NpyDatasetOptions } from './data/npy-dataset.js';
export { loadPngFolder } from './data/png-folder.js';
export type { PngFolderOptions } from './data/png-folder.js';
export { loadDataset } from './data/load-dataset.js';
export type { LoadDatasetOptions } from './data/load-dataset.js';
export { samplePairs, assertDifferentLabels } from './data/pairs.js';
export type { PairSample, SamplePairsOptions } from './data/pairs.js';

// similarity (src/similarity/): the CKA family, null baseline and bootstrap interval (SPEC §3, §5)
export { cka, CKA_METRICS } from './similarity/cka.js';
export type { CkaOptions } from './similarity/cka.js';
export type { CkaForm, CkaMetric, CkaResult } from './similarity/cka-result.js';
export { toActivations, validateActivations, MIN_INPUTS } from './similarity/activations.js';
export type { Activations, ActivationsInput } from './similarity/activations.js';
export { linearCka } from './similarity/linear-cka.js';
export type { LinearCkaOptions } from './similarity/linear-cka.js';
export { debiasedCka } from './similarity/debiased-cka.js';
export { rbfCka } from './similarity/rbf-cka.js';
export type { RbfCkaOptions, RbfCkaResult } from './similarity/rbf-cka.js';
export { createMinibatchCka, minibatchCka } from './similarity/minibatch-cka.js';
export type {
  MinibatchCka,
  MinibatchCkaOptions,
  MinibatchCkaResult,
  MinibatchCkaRunOptions,
} from './similarity/minibatch-cka.js';
export { nullBaseline } from './similarity/null-baseline.js';
export type { NullBaseline, NullBaselineOptions } from './similarity/null-baseline.js';
export { bootstrapCka } from './similarity/bootstrap.js';
export type { BootstrapInterval, BootstrapOptions } from './similarity/bootstrap.js';
export { chooseForm } from './similarity/gram-inner-products.js';
