/** GraphQL enums. Values are stored in the database in the lower-case form compute uses where one exists. */
import { registerEnumType } from 'type-graphql';

export enum EntityStatus {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  READY = 'READY',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

export enum JobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  RETRYING = 'RETRYING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

export enum JobKind {
  REGISTER_DATASET = 'register-dataset',
  IMPORT_MODEL = 'import-model',
  TRAIN = 'train',
  ROBUST_ACCURACY = 'robust-accuracy',
  INVERT = 'invert',
  SIMILARITY = 'similarity',
  MATRIX = 'matrix',
  STUDY = 'study',
}

export enum Metric {
  LINEAR = 'linear',
  DEBIASED = 'debiased',
  RBF = 'rbf',
  MINIBATCH = 'minibatch',
}

/** What the activations were computed on: natural images, or a row model's inverted dataset (SPEC §5). */
export enum SimilaritySource {
  NATURAL = 'natural',
  INVERTED = 'inverted',
}

export enum Norm {
  L2 = 'l2',
  LINF = 'linf',
}

export enum ModelOrigin {
  ZOO = 'zoo',
  IMPORTED = 'imported',
  TRAINED = 'trained',
}

/** Where an architecture comes from: compute's zoo, or the name a user gave it when importing a model. */
export enum ArchitectureOrigin {
  ZOO = 'zoo',
  IMPORTED = 'imported',
}

/** How a model's weights are stored: a TF.js layers model (model.json + weights) or an ONNX file. */
export enum ModelFormat {
  TFJS_LAYERS = 'tfjs-layers',
  ONNX = 'onnx',
}

/** Starting values of a study: compute's STUDY_PRESETS (the CLI's `simlab study --preset`). */
export enum StudyPresetName {
  QUICK = 'quick',
  PAPER = 'paper',
}

export enum Role {
  VIEWER = 'viewer',
  RUNNER = 'runner',
  ADMIN = 'admin',
}

registerEnumType(EntityStatus, {
  name: 'EntityStatus',
  description: 'Lifecycle of a stored result or input.',
});
registerEnumType(JobStatus, { name: 'JobStatus' });
registerEnumType(JobKind, { name: 'JobKind' });
registerEnumType(Metric, { name: 'Metric', description: 'The CKA family (SPEC §3).' });
registerEnumType(SimilaritySource, { name: 'SimilaritySource' });
registerEnumType(Norm, { name: 'Norm', description: 'Threat model of adversarial training and attacks.' });
registerEnumType(ModelOrigin, { name: 'ModelOrigin' });
registerEnumType(ArchitectureOrigin, { name: 'ArchitectureOrigin' });
registerEnumType(ModelFormat, { name: 'ModelFormat' });
registerEnumType(Role, { name: 'Role' });
registerEnumType(StudyPresetName, {
  name: 'StudyPreset',
  description:
    "Starting values of a study, the CLI's presets: QUICK (minutes on 2 cores) or PAPER (SPEC §4).",
});
