/**
 * The models page in Chromium against a real server on PGlite, after importing an ONNX model (compute's
 * PyTorch-exported CNN, uploaded) under an architecture the user named, beside a zoo checkpoint: the table shows
 * each model's architecture and its origin, format, input shape, classes and parameters, and the architecture
 * filter offers the user-named architecture and narrows the table to it (kept in the URL).
 */
import { join } from 'node:path';
import { DEFAULT_ZOO_DIR } from '@simlab/compute';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobView, mutate, waitForJob } from '../../apps/server/src/test-support/api';
import { IMPORT_MODEL, importOnnxUpload, readOnnxFixture } from '../../apps/server/src/test-support/onnx';
import { contextWithToken, openPage, screenshot } from './support/browser';
import { type Stack, startStack } from './support/stack';

/** The table's rows as { column header: cell text }. */
async function tableRows(page: Page): Promise<Record<string, string>[]> {
  return page.getByTestId('models-table').evaluate((table) => {
    const headers = [...table.querySelectorAll('thead th')].map((th) =>
      (th.textContent ?? '').replace(/[▲▼↕]/g, '').trim(),
    );
    return [...table.querySelectorAll('tbody tr')].map((tr) =>
      Object.fromEntries(
        [...tr.querySelectorAll('td')].map((td, i) => [headers[i], (td.textContent ?? '').trim()]),
      ),
    );
  });
}

describe('the models page with an imported ONNX model', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: true });
    const { job } = await importOnnxUpload(stack.t, await readOnnxFixture('cnn'), {
      name: 'torch-cnn',
      architecture: { name: 'torch-cnn', family: 'cnn' },
    });
    expect(job?.status, JSON.stringify(job?.error)).toBe('COMPLETED');
    const zoo = await mutate<{ job: JobView }>(stack.t, IMPORT_MODEL, {
      input: {
        name: 'mlp-l2-eps0-r1',
        architectureId: 'mlp',
        checkpointPath: join(DEFAULT_ZOO_DIR, 'mlp-l2-eps0-r1'),
      },
    });
    expect((await waitForJob(stack.t, zoo.job.id)).status).toBe('COMPLETED');
  });
  afterAll(async () => stack?.close());

  it('lists the imported model with its architecture, origin, format, input shape, classes and parameters', async () => {
    const context = await contextWithToken(stack.browser, stack.t.tokens.viewer);
    const { page, errors } = await openPage(context, `${stack.app.url}/models`);
    await page.getByTestId('models-table').getByText('torch-cnn', { exact: true }).waitFor();
    const rows = await tableRows(page);
    expect(rows.find((r) => r.Model === 'torch-cnn')).toMatchObject({
      Architecture: 'torch-cnn (imported)',
      Origin: 'imported',
      Format: 'ONNX',
      Input: '28×28×1',
      Classes: '10',
      Parameters: '8,538',
      eps: '0',
      Status: 'ready',
    });
    expect(rows.find((r) => r.Model === 'mlp-l2-eps0-r1')).toMatchObject({
      Architecture: 'mlp',
      Format: 'TF.js',
      Input: '28×28×1',
      Parameters: '55,050',
    });

    // The filter offers the zoo's families and, in its own group, the architecture named at import.
    const filter = page.getByTestId('architecture-filter');
    const groups = await filter.evaluate((select) =>
      [...select.querySelectorAll('optgroup')].map((g) => ({
        label: g.label,
        options: [...g.querySelectorAll('option')].map((o) => [o.value, o.textContent]),
      })),
    );
    expect(groups.map((g) => g.label)).toEqual(['zoo', 'imported']);
    expect(groups[0]!.options.map(([value]) => value)).toEqual(
      expect.arrayContaining(['lenet', 'mixer', 'mlp', 'mobilenet', 'resnet', 'vgg']),
    );
    expect(groups[1]!.options).toEqual([['torch-cnn', 'torch-cnn (cnn)']]);

    await filter.selectOption('torch-cnn');
    await page.getByText('1 model of architecture torch-cnn').waitFor();
    expect(new URL(page.url()).searchParams.get('architecture')).toBe('torch-cnn');
    expect((await tableRows(page)).map((r) => r.Model)).toEqual(['torch-cnn']);
    await screenshot(page, 'models-imported-onnx');

    // A link keeps the filter; "all" lifts it.
    await page.reload();
    await page.getByText('1 model of architecture torch-cnn').waitFor();
    await page.getByTestId('architecture-filter').selectOption('');
    await page.getByText('2 models', { exact: true }).waitFor();
    expect((await tableRows(page)).map((r) => r.Model).sort()).toEqual(['mlp-l2-eps0-r1', 'torch-cnn']);
    await context.close();
    expect(errors).toEqual([]);
  });
});
