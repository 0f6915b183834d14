/**
 * @simlab/compute/light: the part of compute that loads no TensorFlow.js — errors, parameter types, the study
 * presets and the inversion defaults — for the server's request layer and the dashboard (STYLE.md rule 2).
 * Everything here is also in the main entry (index.ts); nothing here may import a module that loads TF.js
 * (light.test.ts walks the imports).
 */

export type { SimLabErrorCode } from './errors.js';
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
export type {
  InversionParameters,
  InversionProgress,
  InversionSettings,
} from './invert/inversion-options.js';
export { INVERSION_DEFAULTS, resolveInversionSettings } from './invert/inversion-options.js';
export type { CkaMetric } from './similarity/cka-result.js';
export type { StudyParams, StudyParamsOverrides, StudyPreset } from './study/study-params.js';
export { resolveStudyParams, STUDY_PRESETS } from './study/study-params.js';
export type { StudyReport } from './study/study-report.js';
