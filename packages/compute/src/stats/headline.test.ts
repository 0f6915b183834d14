import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { InvalidArgumentError, ShapeMismatchError } from '../errors.js';
import { createRng } from '../random.js';
import { cellSelections, classifyCell, headlineBlocks } from './cell-selections.js';
import { cellStatistics } from './cell-statistics.js';
import { type HeadlineCell, headlineDifference, headlineMean } from './headline.js';
import { createInputGroups } from './input-groups.js';
import { jackknifeInterval } from './jackknife.js';
import { createSyntheticViews } from './synthetic-representations.js';

beforeAll(async () => {
  await initBackend();
});

const cell = (biased: number, debiased: number, rb: number[], rd: number[]): HeadlineCell => ({
  biased: { value: biased, replicates: rb },
  debiased: { value: debiased, replicates: rd },
});

describe('headlineMean', () => {
  const cells = [
    [cell(1, 1, [1, 1, 1], [1, 1, 1]), cell(0.5, 0.3, [0.4, 0.5, 0.6], [0.2, 0.3, 0.4])],
    [cell(0.7, 0.5, [0.6, 0.8, 0.7], [0.5, 0.6, 0.4]), cell(1, 1, [1, 1, 1], [1, 1, 1])],
  ];

  it("averages the selected off-diagonal cells; replicate g is the mean of the cells' replicates g", () => {
    const h = headlineMean(cells, () => true);
    expect(h.cells).toBe(2);
    expect(h.debiased.mean).toBeCloseTo(0.4, 15);
    expect(h.debiased.replicates).toEqual([0.35, 0.45, 0.4].map((x) => expect.closeTo(x, 15)));
    expect(h.debiased.interval).toEqual(jackknifeInterval(h.debiased.mean, h.debiased.replicates!));
    expect(h.biased.mean).toBeCloseTo(0.6, 15);
  });

  it('differences two headlines replicate by replicate', () => {
    const all = headlineMean(cells, () => true);
    const upper = headlineMean(cells, (r, c) => r < c);
    const d = headlineDifference(all, upper);
    expect(d.debiased.mean).toBeCloseTo(0.1, 15);
    expect(d.debiased.replicates).toEqual([0.15, 0.15, 0].map((x) => expect.closeTo(x, 15)));
  });

  it('gives means without intervals when replicates are missing, and refuses mismatched groups or no cell', () => {
    const bare = [[{}, { biased: { value: 0.2 }, debiased: { value: 0.1 } }]];
    expect(headlineMean(bare, (r, c) => c > r).debiased).toEqual({ mean: 0.1 });
    const mixed = [[cells[0]![0]!, cells[0]![1]!, cell(0.1, 0.1, [0.1, 0.1], [0.1, 0.1])]];
    expect(() => headlineMean(mixed, () => true)).toThrow(ShapeMismatchError);
    expect(() => headlineMean(cells, () => false)).toThrow(InvalidArgumentError);
    expect(() => headlineMean([[{}, {}]], () => true)).toThrow(/no biased CKA/);
  });
});

describe('cellSelections', () => {
  const models = [
    { architecture: 'mlp', eps: 0 },
    { architecture: 'mlp', eps: 1 },
    { architecture: 'cnn', eps: 0 },
    { architecture: 'cnn', eps: 0.5 },
  ];

  it("separates the paper's comparison (eps 0, different architectures) from cross- and same-architecture cells", () => {
    const f = cellSelections(models);
    const pick = (filter: (r: number, c: number) => boolean) => {
      const out: string[] = [];
      for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) if (filter(r, c)) out.push(`${r}${c}`);
      return out;
    };
    expect(pick(f.paper)).toEqual(['02', '20']);
    expect(pick(f.crossArchitecture)).toEqual(['02', '03', '12', '13', '20', '21', '30', '31']);
    expect(pick(f.sameArchitecture)).toEqual(['01', '10', '23', '32']);
    expect(classifyCell(models, 0, 2)).toEqual(['paper', 'crossArchitecture']);
    expect(classifyCell(models, 1, 1)).toEqual([]);
  });

  it('gives null for a selection without cells', () => {
    const one = [
      { architecture: 'mlp', eps: 0 },
      { architecture: 'mlp', eps: 0 },
    ];
    const blocks = headlineBlocks(
      [
        [{}, cell(0.5, 0.4, [0.5, 0.5], [0.4, 0.4])],
        [cell(0.5, 0.4, [0.5, 0.5], [0.4, 0.4]), {}],
      ],
      one,
    );
    expect(blocks.paper).toBeNull();
    expect(blocks.crossArchitecture).toBeNull();
    expect(blocks.sameArchitecture!.debiased.mean).toBeCloseTo(0.4, 15);
  });
});

describe('headline interval coverage (200 replicates, n = 64, 95% intervals, 20 groups)', () => {
  it('covers the mean population CKA of the cells, and the difference of two matrices, >= 90%', async () => {
    // Two 3-model "matrices" over the same inputs (views 0-2 and 3-5 of one synthetic zoo), as natural and
    // inverted matrices share pair i; their debiased headlines and difference have closed-form targets.
    const couplings = [1, 0.8, 0.5, 0.9, 0.3, 0.1];
    const zoo = createSyntheticViews(
      couplings.map((coupling) => ({ units: 12, coupling })),
      { seed: 2 },
    );
    const population = (offset: number) => {
      let s = 0;
      for (let r = 0; r < 3; r++)
        for (let c = 0; c < 3; c++) if (r !== c) s += zoo.populationCka(offset + r, offset + c)! / 6;
      return s;
    };
    const target = [population(0), population(3)];
    const draw = createRng(21);
    const replicates = 200;
    const covered = [0, 0, 0];
    for (let rep = 0; rep < replicates; rep++) {
      const views = zoo.sample(64, draw);
      const groups = createInputGroups(64, 20, rep);
      const matrix = async (offset: number) => {
        const rows: HeadlineCell[][] = [];
        for (let r = 0; r < 3; r++) {
          const row: HeadlineCell[] = [];
          for (let c = 0; c < 3; c++) {
            row.push(r === c ? {} : await cellStatistics(views[offset + r]!, views[offset + c]!, { groups }));
          }
          rows.push(row);
        }
        return headlineMean(rows, () => true);
      };
      const [first, second] = [await matrix(0), await matrix(3)];
      const difference = headlineDifference(first, second);
      const inside = (i: { lower: number; upper: number }, t: number) => i.lower <= t && t <= i.upper;
      if (inside(first.debiased.interval!, target[0]!)) covered[0]!++;
      if (inside(second.debiased.interval!, target[1]!)) covered[1]!++;
      if (inside(difference.debiased.interval!, target[0]! - target[1]!)) covered[2]!++;
    }
    expect(target[0]! - target[1]!).toBeGreaterThan(0.1); // a real difference, not a trivial 0
    for (const c of covered) expect(c / replicates).toBeGreaterThanOrEqual(0.9);
  });
});
