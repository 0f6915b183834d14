/**
 * Study presets offered by the start form. "paper" leaves the inversion parameters to the server's defaults,
 * which are the UAI 2022 paper's (SPEC §4); the others trade fidelity for time on small machines.
 */

export interface StudyPreset {
  id: 'quick' | 'standard' | 'paper';
  label: string;
  description: string;
  sampleCount: number;
  pairCount: number;
  /** Inversion overrides; null keeps the paper's defaults. */
  inversion: { iterations: number; batchSize: number } | null;
  options: { nullPermutations: number; bootstrapResamples: number };
}

export const STUDY_PRESETS: readonly StudyPreset[] = [
  {
    id: 'quick',
    label: 'Quick',
    description: '256 images, 32 pairs per model, 200 inversion steps: minutes on a laptop',
    sampleCount: 256,
    pairCount: 32,
    inversion: { iterations: 200, batchSize: 32 },
    options: { nullPermutations: 0, bootstrapResamples: 0 },
  },
  {
    id: 'standard',
    label: 'Standard',
    description: '1000 images, 128 pairs, 1000 steps, null baseline and 95% bootstrap intervals',
    sampleCount: 1000,
    pairCount: 128,
    inversion: { iterations: 1000, batchSize: 32 },
    options: { nullPermutations: 10, bootstrapResamples: 100 },
  },
  {
    id: 'paper',
    label: 'Paper',
    description: "1000 images, 256 pairs, the paper's inversion (2000 steps), baselines and intervals",
    sampleCount: 1000,
    pairCount: 256,
    inversion: null,
    options: { nullPermutations: 20, bootstrapResamples: 200 },
  },
];

export interface StudyRequest {
  name: string;
  modelIds: string[];
  datasetId: string;
  metric: string;
  preset: StudyPreset['id'];
}

/** The startStudy input for a form request: the preset's sizes and options filled in. */
export function studyInput(request: StudyRequest) {
  const preset = STUDY_PRESETS.find((p) => p.id === request.preset);
  if (!preset)
    throw new Error(
      `unknown preset "${request.preset}"; use one of ${STUDY_PRESETS.map((p) => p.id).join(', ')}`,
    );
  return {
    name: request.name.trim(),
    modelIds: request.modelIds,
    datasetId: request.datasetId,
    metric: request.metric,
    sampleCount: preset.sampleCount,
    pairCount: preset.pairCount,
    inversion: preset.inversion,
    options: preset.options,
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
