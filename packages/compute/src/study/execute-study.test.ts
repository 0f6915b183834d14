import { describe, expect, it } from 'vitest';
import { CancelledError, throwIfAborted } from '../errors.js';
import type { MatrixCell } from '../similarity/matrix.js';
import { assembleStudyReport } from './assemble-report.js';
import { executeStudy } from './execute-study.js';
import { type CellsUnit, planStudy, type StudySpec } from './plan.js';
import type { StudyExecutor } from './study-executor.js';
import { resolveStudyParams } from './study-params.js';

const small = { pairs: 6, inversion: { iterations: 2, batchSize: 3 } };
const spec: StudySpec = {
  models: ['a', 'b', 'c'].map((id, i) => ({
    id,
    architecture: i < 2 ? 'mlp' : 'vgg',
    eps: i,
    norm: 'l2' as const,
    weightsHash: id,
  })),
  dataset: {
    name: 'toy',
    source: 'memory',
    hash: 'd',
    count: 20,
    imageShape: [1, 1, 1],
    labels: Array.from({ length: 20 }, (_, i) => i % 2),
  },
  params: resolveStudyParams('quick', small),
};
const plan = planStudy(spec);

/** A cell whose value says where it is: 0.r c for inverted, 0.5 + (r + c)/10 for natural. */
const value = (unit: CellsUnit, a: number, b: number) =>
  unit.images.kind === 'natural' ? 0.5 + (a + b) / 10 : a === b ? 1 : a / 10 + b / 100;

function fakeExecutor(log: string[], fail?: { row: number }): StudyExecutor<string> {
  return {
    async invert(unit, { signal, onProgress }) {
      log.push(`invert ${unit.row}`);
      for (let batch = 0; batch < unit.batches; batch++) {
        await new Promise((resolve) => setTimeout(resolve, 5 * (3 - unit.row)));
        throwIfAborted(signal, 'fake inversion');
        if (fail?.row === unit.row) throw new RangeError(`inversion ${unit.row} broke`);
        onProgress({ batch, batches: unit.batches, iteration: 2, iterations: 2, meanLoss: 0.5 } as never);
      }
      const summary = {
        key: unit.key,
        source: 'computed' as const,
        batchesComputed: unit.batches,
        meanLoss: 0.1,
        meanSeedLoss: 1,
        zeroGradientSteps: 0,
        msPerIteration: 1,
        totalMs: 6,
      };
      return { handle: `I${unit.row}`, summary };
    },
    async cells(unit, inversion, { onCell }) {
      log.push(`cells ${unit.images.kind === 'natural' ? 'natural' : inversion}`);
      const cells = unit.cells.map(({ a, b }) => {
        const cell: MatrixCell = { value: value(unit, a, b), n: 6, p: a + 1, q: b + 1 };
        return { a, b, cell, agreement: { target: 0.5, seed: a === b ? 0 : 0.25, n: 6 } };
      });
      for (const c of cells) onCell(c);
      return { cells, layers: Object.fromEntries(unit.cells.map(({ b }) => [b, `layer${b}`])) };
    },
  };
}

describe('executeStudy', () => {
  it('runs every unit, each row after its inversion, and reports progress up to the whole study', async () => {
    const log: string[] = [];
    const fractions: number[] = [];
    const results = await executeStudy(plan, fakeExecutor(log), {
      onProgress: (p) => fractions.push(p.fraction),
    });
    for (const row of [0, 1, 2]) {
      expect(log.indexOf(`cells I${row}`)).toBeGreaterThan(log.indexOf(`invert ${row}`));
    }
    expect(log.filter((l) => l.startsWith('invert'))).toHaveLength(3);
    expect(results.inversions.map((i) => i.handle)).toEqual(['I0', 'I1', 'I2']);
    expect(results.inverted.map((o) => o.cells[0]!.a)).toEqual([0, 1, 2]);
    expect(fractions.at(-1)).toBeCloseTo(1, 12);
    expect(Math.max(...fractions)).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('cancels the other units at the first failure and throws that failure', async () => {
    const log: string[] = [];
    await expect(executeStudy(plan, fakeExecutor(log, { row: 2 }))).rejects.toThrow(RangeError);
    expect(log).not.toContain('cells I0');
  });

  it('refuses, before inverting anything, convergence or STIR from an executor without them', async () => {
    const log: string[] = [];
    const withBoth = planStudy({
      ...spec,
      params: resolveStudyParams('quick', { ...small, convergence: [1], stir: true }),
    });
    await expect(executeStudy(withBoth, fakeExecutor(log))).rejects.toThrow(/convergence checkpoints \[1\]/);
    const stirOnly = planStudy({ ...spec, params: resolveStudyParams('quick', { ...small, stir: true }) });
    await expect(executeStudy(stirOnly, fakeExecutor(log))).rejects.toThrow(/without STIR/);
    expect(log).toEqual([]);
    // An inverted matrix alone needs neither.
    await expect(executeStudy(withBoth, fakeExecutor(log), { only: 'inverted' })).resolves.toBeDefined();
  });

  it("throws CancelledError when the caller's signal fires", async () => {
    const controller = new AbortController();
    const running = executeStudy(plan, fakeExecutor([]), { signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toThrow(CancelledError);
  });
});

describe('assembleStudyReport', () => {
  it('mirrors the natural cells, places inverted rows, and summarises agreement and trend', async () => {
    const results = await executeStudy(plan, fakeExecutor([]));
    const provenance = { codeVersion: 'test', backend: { name: 'cpu' }, machine: {} } as never;
    const report = assembleStudyReport(plan, results, { provenance, loadMs: 1, workers: 2 });
    expect(report.natural.values[2]![0]).toBe(report.natural.values[0]![2]);
    expect(report.natural.cells[2]![0]).toMatchObject({ p: 3, q: 1 });
    expect(report.inverted.values[2]![1]).toBeCloseTo(0.21, 12);
    expect(report.inverted.values[1]![2]).toBeCloseTo(0.12, 12);
    expect(report.models.map((m) => m.layer)).toEqual(['layer0', 'layer1', 'layer2']);
    expect(report.agreement.seed[1]![1]).toBe(0);
    expect(report.summary.agreementOffDiagonalMean).toEqual({ target: 0.5, seed: 0.25 });
    expect(report.summary.inversions).toEqual({ computed: 3, resumed: 0, cached: 0 });
    // Means over other-architecture cells 0.02, 0.12, 0.205 rise with eps 0, 1, 2: rho = 1 over all models.
    expect(report.summary.trend?.rho).toBeCloseTo(1, 12);
    expect(report.timings.workers).toBe(2);
  });

  it('refuses results that miss a planned cell', async () => {
    const results = await executeStudy(plan, fakeExecutor([]));
    results.inverted[1]!.cells.pop();
    const provenance = { codeVersion: 'test', backend: { name: 'cpu' }, machine: {} } as never;
    expect(() => assembleStudyReport(plan, results, { provenance, loadMs: 0, workers: 1 })).toThrow(
      /miss cell \(1, 2\)/,
    );
  });
});
