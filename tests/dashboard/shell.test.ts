import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../apps/server/src/test-support/test-server';
import { contextWithToken, openPage, screenshot, watchErrors } from './support/browser';
import type { DashboardApp } from './support/dashboard-app';
import { type Stack, startStack } from './support/stack';

describe('the dashboard shell against an empty server', () => {
  let server: TestServer;
  let app: DashboardApp;
  let browser: Browser;

  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
    ({ t: server, app, browser } = stack);
  });
  afterAll(async () => stack?.close());

  it('shows the role of the token it speaks with: anonymous viewer, then runner', async () => {
    const anonymous = await contextWithToken(browser, null);
    const { page, errors } = await openPage(anonymous, `${app.url}/jobs`);
    await page.getByTestId('role-badge').getByText('viewer').waitFor();
    await anonymous.close();

    const runner = await contextWithToken(browser, server.tokens.runner);
    const runnerPage = await runner.newPage();
    await runnerPage.goto(`${app.url}/jobs`);
    await runnerPage.getByTestId('role-badge').getByText('runner').waitFor();
    await runner.close();
    expect(errors).toEqual([]);
  });

  it('answers every section with its empty state and no browser errors', async () => {
    const context = await contextWithToken(browser, server.tokens.viewer);
    const page = await context.newPage();
    const errors = watchErrors(page);
    for (const [path, text] of [
      ['/studies', 'No studies yet'],
      ['/jobs', 'No jobs yet'],
      ['/inversions', 'No inversions yet'],
      ['/datasets', 'Samples are shown once a dataset is READY'],
      ['/', 'No study yet'],
    ] as const) {
      await page.goto(`${app.url}${path}`);
      await page.getByText(text).waitFor();
    }
    await page.goto(`${app.url}/models`);
    await page.getByTestId('models-table').waitFor();
    await screenshot(page, 'empty-models');
    await context.close();
    expect(errors).toEqual([]);
  });
});
