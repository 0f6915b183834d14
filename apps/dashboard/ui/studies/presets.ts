/**
 * Study presets offered by the start form: compute's STUDY_PRESETS (through @simlab/compute/light, which loads
 * no TensorFlow.js), the table `simlab study --preset` and the server's startStudy use. The form sends the
 * preset's name; the server fills in its values, so the three can never disagree.
 */
import { STUDY_PRESETS as PRESETS, type StudyParams } from '@simlab/compute/light';

export type PresetId = keyof typeof PRESETS;

export interface StudyPreset {
  id: PresetId;
  label: string;
  description: string;
}

const LABELS: Record<PresetId, string> = { quick: 'Quick', paper: 'Paper' };

/** "64 pairs per model, 200 inversion steps, 99 null shuffles per cell": what a preset computes. */
export function describePreset(p: StudyParams): string {
  return (
    `${p.pairs} pairs per model, ${p.inversion.iterations} inversion steps of ${p.inversion.stepSize}, ` +
    `${p.nullPermutations} null shuffles per cell`
  );
}

export const STUDY_PRESETS: readonly StudyPreset[] = (Object.keys(PRESETS) as PresetId[]).map((id) => ({
  id,
  label: LABELS[id] ?? id,
  description: describePreset(PRESETS[id]),
}));

export interface StudyRequest {
  name: string;
  modelIds: string[];
  datasetId: string;
  metric: string;
  preset: PresetId;
}

/** The startStudy input for a form request: the server resolves the preset (compute's table). */
export function studyInput(request: StudyRequest) {
  if (!(request.preset in PRESETS)) {
    throw new Error(
      `unknown preset "${request.preset}"; use one of ${STUDY_PRESETS.map((p) => p.id).join(', ')}`,
    );
  }
  return {
    name: request.name.trim(),
    modelIds: request.modelIds,
    datasetId: request.datasetId,
    metric: request.metric,
    preset: request.preset.toUpperCase() as Uppercase<PresetId>,
  };
}

/** What is wrong with a request, in sentences; empty when it can be sent. */
export function validateStudyRequest(request: StudyRequest): string[] {
  const problems: string[] = [];
  if (!request.name.trim()) problems.push('Give the study a name.');
  if (request.modelIds.length < 2)
    problems.push(`Pick at least 2 models (${request.modelIds.length} picked).`);
  if (request.modelIds.length > 50)
    problems.push(`Pick at most 50 models (${request.modelIds.length} picked).`);
  if (!request.datasetId) problems.push('Pick a dataset.');
  return problems;
}
