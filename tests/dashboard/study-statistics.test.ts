/**
 * A finished study's statistics in Chromium (issues 9, 10), against the server's own answers: the three headline
 * blocks (debiased first with intervals, biased beside), hatched cells not distinguishable from the null with the
 * correction in the legend and in the numbers table (interval and p per cell), prediction agreement beside CKA,
 * STIR both ways, the convergence plot, and the trend against eps and robust accuracy with permutation p-values.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../apps/server/src/test-support/test-server';
import { contextWithToken, openPage, screenshot } from './support/browser';
import type { DashboardApp } from './support/dashboard-app';
import {
  ARCHITECTURES,
  axisLabelOf,
  buildWorld,
  EPS,
  finishStudy,
  tinyStudy,
  type World,
} from './support/fixtures';
import { type Stack, startStack } from './support/stack';

const k = ARCHITECTURES.length * EPS.length;

/** Accuracy at L2 eps 1 written on each model's card grid (zoo v2 cards carry one; tiny models get this). */
const ROBUST_ACCURACY = [0.7, 0.4, 0.6, 0.2];

const API_QUERY = `query($id: ID!) { study(id: $id) {
  models { id name eps norm architecture { id } }
  headlines { paper { natural { debiased { mean interval { lower upper } } biased { mean interval { lower upper } } }
      inverted { debiased { mean interval { lower upper } } } difference { debiased { mean } } }
    crossArchitecture { natural { cells } } sameArchitecture { natural { cells } } }
  invertedMatrix { significance { correction alpha tests distinguishableCount }
    cells { row column significance { distinguishableFromNull } } }
  agreement { target }
  stir { values debiasedValues directions { modelAId } cells { significance { distinguishableFromNull } } }
  convergence { iteration }
  trendAnalysis { tests { covariate } }
} }`;

interface ApiStudy {
  models: Parameters<typeof axisLabelOf>[0][];
  headlines: {
    paper: {
      natural: Record<'debiased' | 'biased', { mean: number; interval: { lower: number; upper: number } }>;
      inverted: { debiased: { mean: number; interval: { lower: number; upper: number } } };
      difference: { debiased: { mean: number } };
    };
    crossArchitecture: { natural: { cells: number } };
    sameArchitecture: { natural: { cells: number } };
  };
  invertedMatrix: {
    significance: { correction: string; alpha: number; tests: number; distinguishableCount: number };
    cells: { row: number; column: number; significance: { distinguishableFromNull: boolean | null } }[];
  };
  agreement: { target: (number | null)[][] };
  stir: {
    values: number[][];
    debiasedValues: number[][];
    directions: unknown[];
    cells: { significance: { distinguishableFromNull: boolean | null } | null }[];
  };
  convergence: { iteration: number }[];
  trendAnalysis: { tests: { covariate: string }[] };
}

describe('a finished study’s statistics in the dashboard', () => {
  let stack: Stack;
  let t: TestServer;
  let app: DashboardApp;
  let browser: Browser;
  let world: World;
  let studyId: string;
  let viewer: BrowserContext;
  let api: ApiStudy;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ t, app, browser } = stack);
    world = await buildWorld(t);
    for (const [i, id] of world.modelIds.entries()) {
      await t.server.services.db.query(
        `UPDATE model SET card = jsonb_set(jsonb_set(card, '{evaluation,robustnessGrid}', $2::jsonb),
           '{evaluation,gridAttack}', $3::jsonb) WHERE id = $1`,
        [
          id,
          JSON.stringify([
            { eps: 0, accuracy: 0.95 },
            { eps: 1, accuracy: ROBUST_ACCURACY[i] },
          ]),
          JSON.stringify({ norm: 'l2', steps: 20, restarts: 1, randomStart: true }),
        ],
      );
    }
    studyId = await finishStudy(
      t,
      tinyStudy(world, 'statistics', {
        pairSeed: 11,
        pairCount: 16,
        iterations: 8,
        options: { nullPermutations: 99, bootstrapResamples: 8, seed: 3 },
        convergence: [2, 4],
        stir: { iterations: 4, batchSize: 8 },
      }),
    );
    const res = await t.gql<{ study: ApiStudy }>(API_QUERY, { id: studyId });
    if (!res.data?.study) throw new Error(JSON.stringify(res.errors));
    api = res.data.study;
    viewer = await contextWithToken(browser, t.tokens.viewer);
  });
  afterAll(async () => stack?.close());

  it('shows the three headline blocks apart, debiased first with intervals and biased beside it', async () => {
    const { page, errors } = await openPage(viewer, `${app.url}/studies/${studyId}`);
    const table = page.getByTestId('headlines');
    await table.waitFor();
    for (const block of ['paper', 'crossArchitecture', 'sameArchitecture']) {
      await table.getByTestId(`headline-${block}`).waitFor();
    }
    const paper = table.getByTestId('headline-paper');
    const debiased = await paper.locator('[data-estimator="debiased"]').allTextContents();
    const biased = await paper.locator('[data-estimator="biased"]').allTextContents();
    const h = api.headlines.paper;
    const f = (x: number) => x.toFixed(3);
    // Natural, inverted, difference: debiased in front with its interval, biased beside it in the same cell.
    expect(debiased[0]).toBe(
      `${f(h.natural.debiased.mean)} [${f(h.natural.debiased.interval.lower)}, ${f(h.natural.debiased.interval.upper)}]`,
    );
    expect(debiased[1]).toContain(f(h.inverted.debiased.mean));
    expect(debiased[2]).toContain(f(h.difference.debiased.mean));
    expect(biased[0]).toBe(
      `biased ${f(h.natural.biased.mean)} [${f(h.natural.biased.interval.lower)}, ${f(h.natural.biased.interval.upper)}]`,
    );
    // 2 architectures x 2 eps: 2 cells in (a), 8 in (b), 4 in (c).
    const cells = async (block: string) =>
      Number(await table.getByTestId(`headline-${block}`).locator('td').first().textContent());
    expect([await cells('paper'), await cells('crossArchitecture'), await cells('sameArchitecture')]).toEqual(
      [2, api.headlines.crossArchitecture.natural.cells, api.headlines.sameArchitecture.natural.cells],
    );
    expect(await table.textContent()).toContain('the population CKA');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hatches the cells not distinguishable from the null and states the correction in the legend and the table', async () => {
    const { page, errors } = await openPage(viewer, `${app.url}/studies/${studyId}`);
    const legend = page.getByTestId('inverted-marks-legend');
    await legend.waitFor();
    const marks = api.invertedMatrix.significance;
    expect(await legend.textContent()).toContain(
      `Benjamini–Hochberg correction across this matrix's ${marks.tests} tests (α = ${marks.alpha}`,
    );
    const notDistinguishable = api.invertedMatrix.cells.filter(
      (c) => c.significance.distinguishableFromNull === false,
    ).length;
    const grid = page.getByTestId('heatmap-inverted');
    await grid.locator('[data-distinguishable]').first().waitFor();
    expect(await grid.locator('[data-distinguishable="false"]').count()).toBe(notDistinguishable);
    expect(await grid.locator('rect.hatch').count()).toBe(notDistinguishable);
    expect(notDistinguishable).toBe(marks.tests - marks.distinguishableCount);
    // The numbers table: interval and p per cell, adjusted p, the mark, and the correction in its caption.
    await page
      .locator('.heatmap-panel:has([data-testid="heatmap-inverted"]) details.as-table summary')
      .click();
    const table = page.getByTestId('table-inverted');
    expect(await table.getByTestId('table-inverted-marks').textContent()).toContain('Benjamini–Hochberg');
    const offDiagonal = table.locator('tbody tr').nth(0).locator('td').nth(1);
    expect(await offDiagonal.textContent()).toMatch(
      /debiased -?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\] p=[\d.e-]+/,
    );
    expect(await offDiagonal.textContent()).toMatch(/adjusted p=/);
    expect(await table.locator('td[data-distinguishable="false"]').count()).toBe(notDistinguishable);
    await screenshot(page, 'study-statistics');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows prediction agreement beside CKA, STIR in both directions and the convergence plot', async () => {
    const { page, errors } = await openPage(viewer, `${app.url}/studies/${studyId}`);
    const labels = api.models.map(axisLabelOf);
    // Agreement: on the CKA heatmaps' row and axes, each cell the API's target agreement.
    const agreement = page.getByTestId('heatmap-agreement-target');
    await agreement.waitFor();
    // Beside CKA: in the row of the natural and inverted heatmaps (the panels may still be taking their snapshot).
    await page
      .locator('.heatmap-row:has([data-testid="heatmap-inverted"]) [data-testid="heatmap-agreement-target"]')
      .waitFor();
    const cells = await agreement.locator('[role="gridcell"]').evaluateAll((els) =>
      els.map((e) => ({
        label: e.getAttribute('aria-label')!,
        value: Number(e.getAttribute('data-value')),
      })),
    );
    expect(cells).toHaveLength(k * k);
    for (const cell of cells) {
      const [rowLabel, colLabel] = cell.label.split(': ')[0]!.split(' vs ');
      expect(cell.value).toBeCloseTo(
        api.agreement.target[labels.indexOf(rowLabel!)]![labels.indexOf(colLabel!)]!,
        10,
      );
    }
    // STIR: a k x k heatmap of debiased STIR, and both directions of each of the k(k-1)/2 pairs.
    const stir = page.getByTestId('stir-section');
    await stir.waitFor();
    const stirCells = await stir
      .locator('[data-testid="heatmap-stir"] [role="gridcell"]')
      .evaluateAll((els) =>
        els.map((e) => ({
          label: e.getAttribute('aria-label')!,
          value: Number(e.getAttribute('data-value')),
        })),
      );
    expect(stirCells).toHaveLength(k * k);
    for (const cell of stirCells) {
      const [rowLabel, colLabel] = cell.label.split(': ')[0]!.split(' vs ');
      expect(cell.value).toBeCloseTo(
        api.stir.debiasedValues[labels.indexOf(rowLabel!)]![labels.indexOf(colLabel!)]!,
        10,
      );
    }
    expect(await stir.getByTestId('stir-directions').locator('tbody tr').count()).toBe((k * (k - 1)) / 2);
    // STIR of 4 steps from noise is near 0: its cells are the hatched ones here, as the API marks them.
    const stirHatched = api.stir.cells.filter(
      (c) => c.significance?.distinguishableFromNull === false,
    ).length;
    expect(stirHatched).toBeGreaterThan(0);
    expect(await stir.locator('[data-testid="heatmap-stir"] rect.hatch').count()).toBe(stirHatched);
    expect(await stir.getByTestId('stir-marks-legend').textContent()).toContain('Benjamini–Hochberg');
    expect(api.stir.directions).toHaveLength((k * (k - 1)) / 2);
    // Convergence: the headline means at iterations 2, 4 and 8, a line per selection.
    const chart = page.getByTestId('convergence-chart');
    await chart.waitFor();
    expect(api.convergence.map((c) => c.iteration)).toEqual([2, 4, 8]);
    expect(await chart.locator('[data-testid="convergence-line"]').count()).toBe(3);
    expect(await chart.locator('[data-testid="convergence-line"][data-block="paper"] circle').count()).toBe(
      3,
    );
    await stir.scrollIntoViewIfNeeded();
    await screenshot(page, 'study-statistics-stir-convergence');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the trend against training eps and against robust accuracy, with permutation p-values', async () => {
    const { page, errors } = await openPage(viewer, `${app.url}/studies/${studyId}/trend`);
    await page.getByTestId('trend-chart').waitFor();
    await page.getByTestId('trend-chart-robust-accuracy').waitFor();
    expect(await page.getByTestId('trend-summary').textContent()).toMatch(
      /inverted ρ = -?\d\.\d\d, permutation p = /,
    );
    expect(await page.getByTestId('trend-chart-robust-accuracy-summary').textContent()).toMatch(
      /permutation p = /,
    );
    const robustLines = page.locator(
      '[data-testid="trend-chart-robust-accuracy"] [data-testid="trend-line"]',
    );
    expect(await robustLines.count()).toBe(ARCHITECTURES.length * 2);
    const tests = page.getByTestId('trend-tests').locator('tbody tr');
    expect(await tests.count()).toBe(api.trendAnalysis.tests.length);
    expect(api.trendAnalysis.tests.filter((x) => x.covariate === 'ROBUST_ACCURACY').length).toBeGreaterThan(
      0,
    );
    expect(await page.getByTestId('trend-tests').textContent()).toContain('robust accuracy');
    await screenshot(page, 'study-trend-robust-accuracy');
    expect(errors).toEqual([]);
    await page.close();
  });
});
