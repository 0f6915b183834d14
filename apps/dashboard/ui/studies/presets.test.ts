import { STUDY_PRESETS as COMPUTE_PRESETS } from '@simlab/compute/light';
import { describe, expect, it } from 'vitest';
import { STUDY_PRESETS, studyInput, validateStudyRequest } from './presets';

const request = {
  name: ' zoo ',
  modelIds: ['a', 'b'],
  datasetId: 'd',
  metric: 'LINEAR',
  preset: 'quick' as const,
};

describe('studyInput', () => {
  it("sends the preset's name; the server fills in compute's values", () => {
    expect(studyInput(request)).toEqual({
      name: 'zoo',
      modelIds: ['a', 'b'],
      datasetId: 'd',
      metric: 'LINEAR',
      preset: 'QUICK',
    });
    expect(studyInput({ ...request, preset: 'paper' }).preset).toBe('PAPER');
  });
});

describe('STUDY_PRESETS', () => {
  it("offers compute's presets, described by their own values", () => {
    expect(STUDY_PRESETS.map((p) => p.id)).toEqual(Object.keys(COMPUTE_PRESETS));
    const quick = STUDY_PRESETS.find((p) => p.id === 'quick')!;
    expect(quick.description).toContain(`${COMPUTE_PRESETS.quick.pairs} pairs per model`);
    expect(quick.description).toContain(`${COMPUTE_PRESETS.quick.inversion.iterations} inversion steps`);
  });
});

describe('validateStudyRequest', () => {
  it('accepts a complete request', () => {
    expect(validateStudyRequest(request)).toEqual([]);
  });

  it('says what is missing, with the counts', () => {
    expect(validateStudyRequest({ ...request, name: ' ', modelIds: ['a'], datasetId: '' })).toEqual([
      'Give the study a name.',
      'Pick at least 2 models (1 picked).',
      'Pick a dataset.',
    ]);
  });
});
