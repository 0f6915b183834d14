/**
 * @simlab/compute public API: everything importable from outside the package is named here, and nothing else
 * (building blocks such as custom layers, kernels and file readers stay inside). No `export *`.
 */
export {
  BackendUnavailableError,
  CancelledError,
  CheckpointInvalidError,
  DataFormatError,
  DegenerateInputError,
  InvalidArgumentError,
  NonFiniteError,
  NotFoundError,
  SameLabelPairError,
  ShapeMismatchError,
  SimLabError,
  throwIfAborted,
  UnsupportedModelError,
} from './errors.js';
export type { SimLabErrorCode } from './errors.js';
// The same errors, settings and presets without TensorFlow.js: '@simlab/compute/light' (light.ts).
export { initBackend, currentBackend, machineInfo } from './backend.js';
export type { BackendInfo, BackendName, MachineInfo } from './backend.js';

// datasets (src/data/, src/random.ts): readers, dataset type and hash, pair sampling, seeded random numbers
export { createRng } from './random.js';
export type { Rng } from './random.js';
export { createDataset, datasetHash, subsetDataset } from './data/dataset.js';
export type { Dataset, DatasetParts } from './data/dataset.js';
export type { ImageShape } from './data/validate.js';
export { loadMnist, MNIST_CLASSES } from './data/mnist.js';
export { FASHION_MNIST_DIR, FASHION_MNIST_CLASSES } from './data/fashion-mnist.js';
export { loadIdxDataset, loadFashionMnist } from './data/idx-dataset.js';
export type { IdxDatasetOptions, IdxSplit } from './data/idx-dataset.js';
export { readNpy, readNpyHeader, writeNpy, readNpyFile, writeNpyFile } from './data/npy.js';
export type { NpyArray, NpyData, NpyDtype } from './data/npy.js';
export { loadNpyDataset } from './data/npy-dataset.js';
export type { NpyDatasetOptions } from './data/npy-dataset.js';
export { loadPngFolder } from './data/png-folder.js';
export type { PngFolderOptions } from './data/png-folder.js';
export { loadDataset } from './data/load-dataset.js';
export type { LoadDatasetOptions } from './data/load-dataset.js';
export { samplePairs, assertDifferentLabels } from './data/pairs.js';
export type { PairSample, SamplePairsOptions } from './data/pairs.js';

// similarity (src/similarity/): the CKA family, null baseline and interval (bootstrapCka: now the jackknife) (SPEC §3, §5)
export { cka, CKA_METRICS } from './similarity/cka.js';
export type { CkaOptions } from './similarity/cka.js';
export type { CkaForm, CkaMetric, CkaResult } from './similarity/cka-result.js';
export { toActivations } from './similarity/activations.js';
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
export { PARALLEL_MIN_COST } from './similarity/gram-inner-products.js';

// worker threads (src/parallel/): one pool per process, passed to CKA (`{ pool }`) and invertImagesParallel
export { createWorkerPool } from './parallel/worker-pool.js';
export type { RunOptions, WorkerPool, WorkerPoolOptions } from './parallel/worker-pool.js';

// statistics (src/stats/, docs/statistics.md): grouped-jackknife intervals, permutation nulls with p-values,
// multiple comparisons, like-for-like headline means, the within-architecture trend test (SPEC §5, §6; issue 9)
export { cellStatistics, DEFAULT_INTERVAL_GROUPS, INTERVAL_TARGETS } from './stats/cell-statistics.js';
// CellStatisticsOptions of stats/cell-statistics.ts is not re-exported: the name is taken by study/image-set-cells.ts.
export type { CellStatistics, MetricStatistics } from './stats/cell-statistics.js';
export { createInputGroups } from './stats/input-groups.js';
export type { InputGroups } from './stats/input-groups.js';
export { jackknifeInterval, INTERVAL_METHOD } from './stats/jackknife.js';
export type { JackknifeInterval, JackknifeOptions } from './stats/jackknife.js';
export { permutationPValue } from './stats/permutation-null.js';
export type { NullSummary } from './stats/permutation-null.js';
export { adjustPValues, adjustMatrixPValues, minimumPermutations } from './stats/multiple-comparisons.js';
export type { Correction, CorrectionMethod, MatrixCorrection } from './stats/multiple-comparisons.js';
export { headlineMean, headlineDifference } from './stats/headline.js';
export type {
  CellFilter,
  Headline,
  HeadlineCell,
  HeadlineDifference,
  HeadlineMetric,
  HeadlineOptions,
  ReplicatedValue,
} from './stats/headline.js';
export { cellSelections, classifyCell, headlineBlocks, CELL_SELECTIONS } from './stats/cell-selections.js';
export type { CellSelection, ModelMetadata } from './stats/cell-selections.js';
export { trendTest, crossArchitectureMeans } from './stats/trend-test.js';
export type { ArchitectureSlope, TrendTest, TrendTestOptions } from './stats/trend-test.js';

// attack (src/attack/): step objects and the one generic attack loop, shared by inversion and PGD
export { runAttackLoop } from './attack/attack-loop.js';
export type {
  AttackDirection,
  AttackLoopOptions,
  AttackLoopResult,
  AttackProgress,
} from './attack/attack-loop.js';
export type { AttackStep, BallStepOptions, StepState } from './attack/attack-step.js';
export { createL2Step } from './attack/l2-step.js';
export { createLinfStep } from './attack/linf-step.js';
export { createL2MomentumStep } from './attack/l2-momentum-step.js';
export type { L2MomentumStepOptions } from './attack/l2-momentum-step.js';

// inversion (src/invert/, representation and reference CNN in src/models/; backend.ts installs the fast WASM kernels)
export { invertImages } from './invert/invert-images.js';
export type { InversionOptions } from './invert/invert-images.js';
export { invertImagesParallel } from './invert/invert-parallel.js';
export type { ParallelInversionOptions } from './invert/invert-parallel.js';
export { INVERSION_DEFAULTS, resolveInversionSettings } from './invert/inversion-options.js';
export type {
  InversionParameters,
  InversionProgress,
  InversionSettings,
} from './invert/inversion-options.js';
export type { InversionPartial, InversionResult } from './invert/inversion-result.js';
export type { ImageInput } from './invert/image-input.js';
export { resolveCheckpoints } from './invert/inversion-checkpoints.js';
export type { InversionCheckpoint } from './invert/inversion-checkpoints.js';
export { NOISE_DISTRIBUTIONS, noiseImages } from './invert/noise-seeds.js';
export type { NoiseDistribution, NoiseImagesOptions } from './invert/noise-seeds.js';
export { createRepresentationModel } from './models/representation.js';
export type { RepresentationModel, RepresentationOptions } from './models/representation.js';
export { endsInRelu, fakeRelu } from './models/fake-relu.js';
export { createReferenceCnn } from './models/reference-cnn.js';

// matrices and study (src/similarity/matrix.ts, rank-correlation.ts, src/study/, SVG charts in src/image/):
// natural and inverted CKA matrices (SPEC §5), the robustness trend (SPEC §6), the cached reproduction study
export {
  representations,
  naturalMatrix,
  invertedMatrix,
  offDiagonalMean,
  assembleMatrix,
} from './similarity/matrix.js';
export type {
  ImagesInput,
  MatrixCell,
  MatrixModel,
  MatrixOptions,
  MatrixProgress,
  RepresentationsOptions,
  SimilarityMatrix,
} from './similarity/matrix.js';
export { spearman } from './similarity/rank-correlation.js';
export type { SpearmanResult } from './similarity/rank-correlation.js';
export { robustAccuracyAt, similarityTrend, TREND_COVARIATES, TREND_MEASURES } from './study/trend.js';
export type {
  EpsBlock,
  SimilarityTrend,
  SimilarityTrendOptions,
  TrendCorrelation,
  TrendCovariate,
  TrendMeasure,
  TrendModel,
  TrendPoint,
} from './study/trend.js';
export { runStudy } from './study/run-study.js';
export type { StudyOptions, StudyProgress } from './study/run-study.js';
// the study pipeline: plan -> execute through a driver's executor -> assemble (the CLI and the server drive it)
export { naturalCellPairs, planStudy } from './study/plan.js';
export {
  chooseStudyImages,
  datasetFamily,
  datasetSliceHash,
  sampleStudyPairs,
  wholeDatasetImages,
} from './study/study-images.js';
export type { StudyImages, StudyImagesInput, StudyImagesRule } from './study/study-images.js';
export type {
  CellPair,
  CellsUnit,
  CheckpointCellsUnit,
  ImageSetRef,
  InversionUnit,
  PlanDataset,
  PlanModel,
  StirCellsUnit,
  StudyPlan,
  StudySpec,
} from './study/plan.js';
export { executeStudy } from './study/execute-study.js';
export type { ExecuteStudyOptions, StudyResults } from './study/execute-study.js';
export type {
  CellsContext,
  CellsOutcome,
  InversionSummary,
  Inverted,
  InvertContext,
  PredictionAgreement,
  StirCellsContext,
  StirOutcome,
  StudyCell,
  StudyExecutor,
} from './study/study-executor.js';
export { computeImageSetCells } from './study/image-set-cells.js';
export type { CellStatisticsOptions, ImageSetCellsOptions } from './study/image-set-cells.js';
export { assembleStudyReport, matrixFromCells, ROBUSTNESS_GRID_NORM } from './study/assemble-report.js';
export type { AssembleContext } from './study/assemble-report.js';
export { describeStudyModel } from './study/model-description.js';
export type { ModelDescription, ModelFacts } from './study/model-description.js';
export {
  convergenceCheckpoints,
  resolveStudyParams,
  STUDY_PRESETS,
  studyStatistics,
} from './study/study-params.js';
export type { StudyParams, StudyParamsOverrides, StudyPreset } from './study/study-params.js';
export { loadStudyModel, loadStudyModels, readZoo, DEFAULT_ZOO_DIR } from './study/study-models.js';
export type { StudyModel, StudyModelSpec } from './study/study-models.js';
export { formatP, offDiagonalNullMean, STUDY_REPORT_SCHEMA } from './study/study-report.js';
export type {
  ConvergenceRecord,
  InversionReport,
  StudyAgreement,
  StudyModelReport,
  StudyReport,
  StudyStir,
  StudySummary,
} from './study/study-report.js';
export { formatStudySummary } from './study/format-study-summary.js';
export { STUDY_SUMMARY_SCHEMA, studySummaryJson } from './study/study-summary-json.js';
export type { StudySummaryJson } from './study/study-summary-json.js';
export {
  matrixSignificance,
  STUDY_CORRECTION,
  studyHeadlines,
  withoutReplicates,
} from './study/study-statistics.js';
export type { HeadlineComparison, MatrixSignificance, StudyHeadlines } from './study/study-statistics.js';
export { InversionCache, inversionKey, INVERSION_CACHE_SCHEMA } from './study/inversion-cache.js';
export type { CachedCheckpoint, CachedInversion, InversionRequest } from './study/inversion-cache.js';
export { cachedInversion } from './study/cached-inversion.js';
export type { InversionOutcome, PairImages } from './study/cached-inversion.js';
export { renderHeatmapSvg, viridis } from './image/heatmap-svg.js';
export type { HeatmapOptions, HeatmapPanel } from './image/heatmap-svg.js';
export { renderTrendSvg } from './image/trend-svg.js';
export type { TrendChartOptions, TrendPanel, TrendSeriesPoint } from './image/trend-svg.js';
export { convergenceChart, renderConvergenceSvg } from './image/convergence-svg.js';
export type {
  ConvergenceChartOptions,
  ConvergenceCheckpoint,
  ConvergencePoint,
  ConvergenceSeries,
} from './image/convergence-svg.js';

// STIR (SPEC §5; src/stir/): STIR(m2 | m1) = CKA(m2(X), m2(X')) with X' inverted through m1 from noise
export { resolveStirSettings, STIR_DEFAULTS } from './stir/stir-settings.js';
export type { StirSettings, StirSettingsOverrides } from './stir/stir-settings.js';
export { invertForStir, stirFakeReluApplies } from './stir/stir-inversion.js';
export type { StirInversionOptions } from './stir/stir-inversion.js';
export { assembleStirMatrix, stirDirections, stirMatrix, stirRowCells } from './stir/stir-matrix.js';
export type {
  NaturalActivations,
  StirCell,
  StirMatrix,
  StirMatrixOptions,
  StirRowOptions,
} from './stir/stir-matrix.js';
export { formatStirSummary, runStir, STIR_REPORT_SCHEMA } from './stir/run-stir.js';
export type { RunStirOptions, StirModel, StirProgress, StirReport, StirStatistics } from './stir/run-stir.js';

// models (src/models/ except representation, fake ReLU and reference CNN, listed under inversion): the
// architecture zoo, its custom layers, checkpoints (TF.js layers format + weights hash + model card)
export { architectures, getArchitecture, countParameters } from './models/registry.js';
export { LOGITS_LAYER, REPRESENTATION_LAYER } from './models/architecture.js';
export type { Architecture, ArchitectureFamily, BuildOptions, ConvStage } from './models/architecture.js';
export { buildMlp } from './models/mlp.js';
export type { MlpOptions } from './models/mlp.js';
export { buildLenet } from './models/lenet.js';
export { buildVgg } from './models/vgg.js';
export type { VggOptions } from './models/vgg.js';
export { buildResnet } from './models/resnet.js';
export type { ResnetOptions, ResnetStage } from './models/resnet.js';
export { buildMobilenet } from './models/mobilenet.js';
export type { MobilenetOptions, SeparableBlock } from './models/mobilenet.js';
export { buildMixer } from './models/mixer.js';
export type { MixerOptions } from './models/mixer.js';
export { saveCheckpoint, loadCheckpoint, MODEL_FILE, CARD_FILE } from './models/checkpoint.js';
export type { LoadedCheckpoint, ModelCardInput } from './models/checkpoint.js';
export { parseModelCard, MODEL_CARD_SCHEMA } from './models/model-card.js';
export type { DatasetRef, ModelCard } from './models/model-card.js';
export { serializeModel, WEIGHTS_FILE } from './models/serialize.js';
export type { SerializedModel } from './models/serialize.js';

// training (src/train/): standard and adversarial training (Madry et al.), PGD on the attack loop, robust accuracy
export { trainModel } from './train/train-model.js';
export type { AdversarialOptions, TrainOptions, TrainProgress, TrainResult } from './train/train-model.js';
export { pgdAttack, resolvePgdParams } from './train/pgd.js';
export type { AttackNorm, PgdOptions, PgdParams } from './train/pgd.js';
export { robustAccuracy } from './train/robust-accuracy.js';
export type { RobustAccuracyOptions, RobustAccuracyResult } from './train/robust-accuracy.js';

// provenance, model directories, images and the shipped zoo (lead)
export { codeVersion, computeProvenance } from './provenance.js';
export type { ComputeProvenance } from './provenance.js';
export { loadModelDir, loadClassifier, ONNX_FILE } from './models/load-model-dir.js';
export type { LoadedModel, LoadedClassifier } from './models/load-model-dir.js';

// any classifier (TF.js layers or imported ONNX) for inversion, PGD and CKA; the ONNX importer (docs/onnx.md)
export { isClassifierModel, logitsOf } from './models/classifier.js';
export type { ClassifierMetadata, ClassifierModel, ModelLike } from './models/classifier.js';
export { createLayersClassifier } from './models/layers-classifier.js';
export type { LayersClassifierOptions } from './models/layers-classifier.js';
export { loadOnnxModel, OnnxModel } from './onnx/onnx-model.js';
export type { OnnxLayer, OnnxModelOptions } from './onnx/onnx-model.js';
export type { InputLayout } from './onnx/input-layout.js';
export { SUPPORTED_OPS as ONNX_SUPPORTED_OPS } from './onnx/ops/registry.js';
export { renderContactSheet } from './image/contact-sheet.js';
export type { ContactSheetOptions } from './image/contact-sheet.js';
export { trainZoo, writeZooIndex } from './zoo/train-zoo.js';
export type { TrainZooOptions, ZooIndexEntry } from './zoo/train-zoo.js';
export { zooPlan, shippedZooDir, ZOO_DATASETS, ZOO_RECIPES } from './zoo/zoo-plan.js';
export type { ZooDataset, ZooEntry, ZooRecipe, ZooTrainingSettings } from './zoo/zoo-plan.js';
export { loadZooData } from './zoo/zoo-data.js';
export type { ZooData } from './zoo/zoo-data.js';
export { trainToPlateau } from './train/train-to-plateau.js';
export type {
  EarlyStoppingRecord,
  PlateauOptions,
  PlateauResult,
  ValidationPoint,
} from './train/train-to-plateau.js';
