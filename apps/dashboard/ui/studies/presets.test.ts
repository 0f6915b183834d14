import { describe, expect, it } from 'vitest';
import { studyInput, validateStudyRequest } from './presets';

const request = {
  name: ' zoo ',
  modelIds: ['a', 'b'],
  datasetId: 'd',
  metric: 'LINEAR',
  preset: 'quick' as const,
};

describe('studyInput', () => {
  it('fills sizes, inversion overrides and options from the preset', () => {
    expect(studyInput(request)).toEqual({
      name: 'zoo',
      modelIds: ['a', 'b'],
      datasetId: 'd',
      metric: 'LINEAR',
      sampleCount: 256,
      pairCount: 32,
      inversion: { iterations: 200, batchSize: 32 },
      options: { nullPermutations: 0, bootstrapResamples: 0 },
    });
  });

  it("leaves the paper preset's inversion to the server's defaults", () => {
    expect(studyInput({ ...request, preset: 'paper' }).inversion).toBeNull();
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
