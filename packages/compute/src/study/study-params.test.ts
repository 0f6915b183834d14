import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { minimumPermutations } from '../stats/multiple-comparisons.js';
import { STIR_DEFAULTS } from '../stir/stir-settings.js';
import {
  convergenceCheckpoints,
  resolveStudyParams,
  STUDY_PRESETS,
  studyStatistics,
} from './study-params.js';

describe('study presets', () => {
  it('ask every cell for intervals and a null large enough for Benjamini-Hochberg to mark cells', () => {
    for (const preset of Object.values(STUDY_PRESETS)) {
      expect(preset.intervalGroups).toBe(20);
      expect(preset.bootstrapResamples).toBe(preset.intervalGroups);
      // BH rejects nothing unless 1/(K+1) <= alpha; K should allow it with a fifth (quick) of cells real.
      expect(preset.nullPermutations).toBeGreaterThanOrEqual(
        5 * (minimumPermutations(1, 'benjamini-hochberg') + 1) - 1,
      );
      expect(preset.trendPermutations).toBe(9999);
    }
  });

  it('paper: 512 pairs, SPEC §4 inversion, convergence checkpoints and STIR with its defaults', () => {
    const paper = resolveStudyParams('paper');
    expect(paper).toMatchObject({ preset: 'paper', pairs: 512, inversion: { iterations: 2000 } });
    expect(paper.convergence).toEqual([50, 200, 500, 1000, 2000]);
    expect(paper.stir).toEqual(STIR_DEFAULTS);
    expect(convergenceCheckpoints(paper)).toEqual([50, 200, 500, 1000]);
    const quick = resolveStudyParams('quick');
    expect([quick.preset, quick.convergence, quick.stir]).toEqual(['quick', [], null]);
  });
});

describe('resolveStudyParams', () => {
  it('turns STIR on with its defaults or given values, and off', () => {
    expect(resolveStudyParams('quick', { stir: true }).stir).toEqual(STIR_DEFAULTS);
    expect(resolveStudyParams('quick', { stir: { noiseSeed: 3 } }).stir).toMatchObject({ noiseSeed: 3 });
    const off = resolveStudyParams('paper', { stir: false });
    expect([off.stir, off.preset]).toEqual([null, 'custom']);
  });

  it('takes interval groups under either name, and none for metrics without measured intervals', () => {
    expect(resolveStudyParams('quick', { intervalGroups: 8 })).toMatchObject({
      intervalGroups: 8,
      bootstrapResamples: 8,
    });
    expect(resolveStudyParams('quick', { bootstrapResamples: 6 }).intervalGroups).toBe(6);
    expect(resolveStudyParams('quick', { metric: 'rbf' }).intervalGroups).toBe(0);
    expect(studyStatistics(resolveStudyParams('quick'))).toMatchObject({
      intervalGroups: 20,
      nullPermutations: 99,
    });
  });

  it('sorts convergence checkpoints and refuses bad values', () => {
    expect(resolveStudyParams('quick', { convergence: [50, 10, 50] }).convergence).toEqual([10, 50]);
    expect(() => resolveStudyParams('quick', { convergence: [0] })).toThrow(InvalidArgumentError);
    expect(() => resolveStudyParams('quick', { intervalGroups: 1 })).toThrow(/0 \(off\) or at least 2/);
    expect(() => resolveStudyParams('quick', { trendPermutations: 0 })).toThrow(/trendPermutations/);
    expect(() => resolveStudyParams('quick', { stir: { noise: 'pink' as never } })).toThrow(/noise/);
  });

  it('reads parameters stored before intervalGroups existed through bootstrapResamples', () => {
    const { intervalGroups: _g, ...stored } = resolveStudyParams('quick', { bootstrapResamples: 7 });
    expect(studyStatistics(stored).intervalGroups).toBe(7);
  });
});
