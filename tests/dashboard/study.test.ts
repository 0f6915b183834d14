/**
 * The dashboard in Chromium against a real server on PGlite with an in-process worker: heatmaps hold the API's
 * values, fill live, navigate by keyboard; the trend draws a line per architecture; jobs advance and cancel.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, waitForJob } from '../../apps/server/src/test-support/api';
import { collect, type TestServer } from '../../apps/server/src/test-support/test-server';
import { contextWithToken, openPage, screenshot, watchErrors } from './support/browser';
import type { DashboardApp } from './support/dashboard-app';
import {
  ARCHITECTURES,
  axisLabelOf,
  buildWorld,
  EPS,
  finishStudy,
  startStudy,
  studyMatrices,
  tinyStudy,
  type World,
} from './support/fixtures';
import { ARTIFACTS_DIR } from './support/paths';
import { type Stack, startStack } from './support/stack';

interface PageCell {
  label: string;
  value: string;
  row: number;
  col: number;
}

/** Every grid cell of one heatmap, as the page shows it. */
function readCells(page: Page, id: 'natural' | 'inverted'): Promise<PageCell[]> {
  return page.$$eval(`[data-testid="heatmap-${id}"] [role="gridcell"]`, (cells) =>
    cells.map((c) => ({
      label: c.getAttribute('aria-label') ?? '',
      value: c.getAttribute('data-value') ?? '',
      row: Number(c.getAttribute('data-row')),
      col: Number(c.getAttribute('data-col')),
    })),
  );
}

describe('the dashboard against a live server', () => {
  let stack: Stack;
  let t: TestServer;
  let app: DashboardApp;
  let browser: Browser;
  let world: World;
  let studyId: string;
  let runner: BrowserContext;
  let viewer: BrowserContext;
  const k = ARCHITECTURES.length * EPS.length;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ t, app, browser } = stack);
    world = await buildWorld(t);
    studyId = await finishStudy(t, tinyStudy(world, 'tiny zoo'));
    runner = await contextWithToken(browser, t.tokens.runner);
    viewer = await contextWithToken(browser, t.tokens.viewer);
  });
  afterAll(async () => stack?.close());

  it('draws k x k cells in each heatmap holding the values the API returns', async () => {
    const { page, errors } = await openPage(viewer, `${app.url}/studies/${studyId}`);
    await page.getByTestId('heatmap-inverted').waitFor();
    const api = await studyMatrices(t, studyId);
    for (const id of ['natural', 'inverted'] as const) {
      const matrix = api[id];
      const labels = matrix.models.map(axisLabelOf);
      const cells = await readCells(page, id);
      expect(cells).toHaveLength(k * k);
      for (const cell of cells) {
        // "rowLabel vs colLabel: 0.123" names the models; the cell shows debiased CKA (quoted first, issue 9), the
        // API's cells[row][col].result.debiased.value.
        const [pair] = cell.label.split(': ');
        const [rowLabel, colLabel] = pair!.split(' vs ');
        const r = labels.indexOf(rowLabel!);
        const c = labels.indexOf(colLabel!);
        expect(r, `row label ${rowLabel}`).toBeGreaterThanOrEqual(0);
        expect(c, `column label ${colLabel}`).toBeGreaterThanOrEqual(0);
        const expected = matrix.debiased[r]![c];
        expect(expected).not.toBeNull();
        expect(Number(cell.value)).toBeCloseTo(expected!, 10);
      }
      // Ordered by architecture (in the API's architecture order), then eps.
      const architectureOrder = (await t.gql<{ architectures: { id: string }[] }>('{ architectures { id } }'))
        .data!.architectures.map((a) => a.id)
        .filter((id) => (ARCHITECTURES as readonly string[]).includes(id));
      const firstColumn = cells.filter((c) => c.col === 0).sort((a, b) => a.row - b.row);
      expect(firstColumn.map((c) => c.label.split(' vs ')[0])).toEqual(
        architectureOrder.flatMap((a) =>
          EPS.map((eps) => labels.find((l) => l.startsWith(`${a} `) && l.endsWith(`ε=${eps}`))),
        ),
      );
    }
    // The same numbers as tables.
    for (const summary of await page.getByText('Show the numbers as a table').all()) await summary.click();
    expect(await page.locator('[data-testid="table-natural"] td').count()).toBe(k * k);
    expect(await page.locator('[data-testid="table-inverted"] td').count()).toBe(k * k);
    await screenshot(page, 'study-heatmaps');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('moves the selection with the arrow keys, shows a focus ring and the value, and keeps it in the URL', async () => {
    const page = await viewer.newPage();
    await page.goto(`${app.url}/studies/${studyId}`);
    const grid = page.getByTestId('heatmap-natural');
    await grid.waitFor();
    await grid.locator('[role="gridcell"][tabindex="0"]').focus();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        return {
          row: el?.getAttribute('data-row'),
          col: el?.getAttribute('data-col'),
          role: el?.getAttribute('role'),
        };
      });
    expect(await focused()).toEqual({ row: '0', col: '0', role: 'gridcell' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toEqual({ row: '1', col: '2', role: 'gridcell' });
    await page.keyboard.press('End');
    expect(await focused()).toMatchObject({ row: '1', col: String(k - 1) });
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatchObject({ row: '1', col: '0' });
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('cell') === '1,0');
    // Exactly one tab stop per grid; the ring sits on the selected cell in both heatmaps.
    expect(await grid.locator('[tabindex="0"]').count()).toBe(1);
    await page.getByTestId('natural-focus-ring').waitFor();
    await page.getByTestId('inverted-focus-ring').waitFor();
    const tooltip = page.getByTestId('natural-tooltip');
    const cellValue = Number(await grid.locator('[data-row="1"][data-col="0"]').getAttribute('data-value'));
    expect(await tooltip.textContent()).toContain(cellValue.toFixed(3));
    await screenshot(page, 'study-keyboard-focus');
    // Reloading the link keeps the selection.
    await page.reload();
    await page.getByTestId('natural-focus-ring').waitFor();
    await page.close();
  });

  it('draws the trend with one line per architecture for natural and inverted, and the rank correlation', async () => {
    const { page, errors } = await openPage(viewer, `${app.url}/studies/${studyId}/trend`);
    await page.getByTestId('trend-chart').waitFor();
    const lines = await page.$$eval('[data-testid="trend-line"]', (gs) =>
      gs.map((g) => ({
        architecture: g.getAttribute('data-architecture'),
        source: g.getAttribute('data-source'),
        points: g.querySelectorAll('circle').length,
      })),
    );
    expect(lines).toHaveLength(ARCHITECTURES.length * 2);
    for (const a of ARCHITECTURES) {
      for (const source of ['natural', 'inverted']) {
        expect(lines).toContainEqual({ architecture: a, source, points: EPS.length });
      }
    }
    expect(await page.getByTestId('trend-summary').textContent()).toMatch(/inverted ρ (=|n\/a)/);
    await screenshot(page, 'study-trend');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fills a running study’s cells and advances its progress bar through the subscription alone', async () => {
    const page = await viewer.newPage();
    const errors = watchErrors(page);
    const requests: number[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/graphql')) requests.push(Date.now());
    });
    // More pairs, iterations and per-cell baselines than the fixture's study, so the browser sees it run.
    const payload = await startStudy(
      t,
      tinyStudy(world, 'live', {
        pairSeed: 7,
        iterations: 100,
        pairCount: 16,
        options: { nullPermutations: 100, bootstrapResamples: 300, seed: 7 },
      }),
    );
    expect(payload.job).not.toBeNull();
    // The server's own account of the job, to know when it is done without a clock.
    const events = collect<{ jobUpdated: { status: string; progress: number } }>(
      t.ws(t.tokens.viewer),
      'subscription($id: ID) { jobUpdated(id: $id) { status progress } }',
      { id: payload.job!.id },
    );
    await page.goto(`${app.url}/studies/${payload.study.id}`);
    await page.getByTestId('live-job').waitFor();
    // Every change of the progress bar or of the filled cells, recorded in the page as the DOM changes.
    await page.evaluate(() => {
      const read = () => ({
        at: Date.now(),
        progress: Number(
          document
            .querySelector('[role="progressbar"][aria-label="Study progress"]')
            ?.getAttribute('aria-valuenow') ?? Number.NaN,
        ),
        filled: document.querySelectorAll('[data-testid^="heatmap-"] [role="gridcell"]:not([data-value=""])')
          .length,
      });
      const trace = [read()];
      (window as unknown as { liveTrace: typeof trace }).liveTrace = trace;
      new MutationObserver(() => {
        const now = read();
        const last = trace.at(-1)!;
        if (now.progress !== last.progress || now.filled !== last.filled) trace.push(now);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await events.until((values) => values.some((v) => v.jobUpdated.status === 'COMPLETED'), 300_000);
    events.stop();
    // The page reaches the finished state on its own (the observer saw it arrive).
    await page.waitForFunction(
      (cells) => {
        const last = (
          window as unknown as { liveTrace: { progress: number; filled: number }[] }
        ).liveTrace.at(-1);
        return last !== undefined && last.progress >= 100 && last.filled === cells;
      },
      2 * k * k,
      { timeout: 60_000 },
    );
    const samples = await page.evaluate(
      () =>
        (window as unknown as { liveTrace: { at: number; progress: number; filled: number }[] }).liveTrace,
    );
    // Somewhere the page changed with no HTTP request in between: the change came over the WebSocket.
    const pushed = (key: 'progress' | 'filled') =>
      samples.some((s, i) => {
        const before = samples[i - 1];
        return before && s[key] > before[key] && !requests.some((r) => r > before.at && r <= s.at);
      });
    // Cells never disappear once shown (a matrix appearing beside another must not reset it).
    for (let i = 1; i < samples.length; i++)
      expect(samples[i]!.filled).toBeGreaterThanOrEqual(samples[i - 1]!.filled);
    const trace = JSON.stringify({ samples: samples.map((s) => [s.at, s.progress, s.filled]), requests });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(join(ARTIFACTS_DIR, 'live-study-trace.json'), trace);
    expect(pushed('progress'), trace).toBe(true);
    expect(pushed('filled'), trace).toBe(true);
    expect(new Set(samples.map((s) => s.progress)).size, trace).toBeGreaterThanOrEqual(3);
    expect(samples[0]!.filled, trace).toBeLessThan(2 * k * k);
    await screenshot(page, 'study-live-finished');
    expect(errors).toEqual([]);
    await page.close();
  }, 420_000);

  it('lets a runner cancel a running job from the job list, and offers viewers no cancel button', async () => {
    const started = await mutate<{ inversion: { id: string }; job: { id: string } }>(
      t,
      `mutation($input: StartInversionInput!) { startInversion(input: $input) { inversion { id } job { id } } }`,
      {
        input: {
          modelId: world.modelIds[0],
          datasetId: world.datasetId,
          pairCount: 8,
          pairSeed: 99,
          parameters: { iterations: 100000, batchSize: 4 },
        },
      },
    );
    const viewerPage = await viewer.newPage();
    await viewerPage.goto(`${app.url}/jobs`);
    const viewerRow = viewerPage.locator(`[data-testid="job-row"][data-job-id="${started.job.id}"]`);
    await viewerRow.waitFor();
    expect(await viewerRow.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    await viewerPage.close();

    const { page, errors } = await openPage(runner, `${app.url}/jobs`);
    const row = page.locator(`[data-testid="job-row"][data-job-id="${started.job.id}"]`);
    await page
      .locator(`[data-testid="job-row"][data-job-id="${started.job.id}"][data-status="RUNNING"]`)
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'jobs-running');
    await row.getByRole('button', { name: 'Cancel' }).click();
    await page
      .locator(`[data-testid="job-row"][data-job-id="${started.job.id}"][data-status="CANCELLED"]`)
      .waitFor({ timeout: 60_000 });
    expect((await waitForJob(t, started.job.id, 60_000)).status).toBe('CANCELLED');
    expect(await row.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    await screenshot(page, 'jobs-cancelled');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the models sorted by a clicked column, and an inversion’s gallery and loss curve', async () => {
    const { page, errors } = await openPage(viewer, `${app.url}/models`);
    const table = page.getByTestId('models-table');
    await table.waitFor();
    await table.getByRole('button', { name: /eps/ }).click();
    await table.getByRole('button', { name: /eps/ }).click(); // descending
    await page.waitForFunction(() => new URL(window.location.href).searchParams.get('dir') === 'desc');
    const eps = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(eps.map(Number)).toEqual([...eps.map(Number)].sort((a, b) => b - a));
    await screenshot(page, 'models-sorted');

    await page.goto(`${app.url}/inversions`);
    await page.getByTestId('inversion-list').waitFor();
    const ready = await t.gql<{ inversions: { edges: { node: { id: string } }[] } }>(
      '{ inversions(first: 1, filter: { status: READY }) { edges { node { id } } } }',
    );
    const inversionId = ready.data!.inversions.edges[0]!.node.id;
    await page.locator(`a[href="/inversions/${inversionId}"]`).first().click();
    await page.getByTestId('inversion-gallery').waitFor();
    await page.getByTestId('loss-curve').waitFor();
    await page.locator('canvas[role="img"]').first().waitFor();
    expect(await page.getByTestId('triplet').count()).toBeGreaterThan(0);
    await screenshot(page, 'inversion-gallery');
    expect(errors).toEqual([]);
    await page.close();
  });
});
