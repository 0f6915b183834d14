/**
 * Bench: time to first render of the natural/inverted heatmap pair in headless Chromium, for k = 10, 25, 50 models
 * (2 x k^2 SVG cells). Bundles ui/study/heatmap-pair with esbuild (production React), opens a fresh page per
 * run and reads the timings the page records. Run: `npm run bench:dashboard -w @simlab/e2e` (add `-- --runs 30`).
 * Results are printed and written to bench-results/dashboard-heatmap.json at the repository root.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const SIZES = [10, 25, 50];
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo]! + (sorted[Math.ceil(i)]! - sorted[lo]!) * (i - lo);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(os.tmpdir(), 'simlab-bench-'));
  await build({
    entryPoints: [fileURLToPath(new URL('./heatmap-entry.tsx', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outfile: join(dir, 'bench.js'),
    logLevel: 'error',
  });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/globals.css"></head>' +
      '<body><div id="root"></div><script type="module" src="/bench.js"></script></body></html>',
  );
  const css = await import('node:fs/promises').then((fs) =>
    fs.readFile(join(repoRoot, 'apps/dashboard/app/globals.css')),
  );
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/globals.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end(css);
    const file = path === '/bench.js' ? 'bench.js' : 'index.html';
    const body = await import('node:fs/promises').then((fs) => fs.readFile(join(dir, file)));
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const results: Record<string, unknown>[] = [];
  try {
    for (const k of SIZES) {
      const commit: number[] = [];
      const frame: number[] = [];
      const nav: number[] = [];
      const arrow: number[] = [];
      for (let run = 0; run < RUNS + 2; run++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(`http://127.0.0.1:${port}/?k=${k}`);
        const bench = await page
          .waitForFunction(() => window.__bench, undefined, { timeout: 30_000 })
          .then((h) => h.jsonValue());
        await page.close();
        if (!bench) throw new Error('the bench page recorded no timings');
        if (bench.cells !== 2 * k * k)
          throw new Error(`expected ${2 * k * k} cells, the page drew ${bench.cells}`);
        if (run < 2) continue; // warm-up: the first loads also pay for the browser's caches
        commit.push(bench.commitMs);
        frame.push(bench.firstFrameMs);
        nav.push(bench.sinceNavigationMs);
        arrow.push(bench.arrowKeyMs);
      }
      const stats = (xs: number[]) => {
        const s = [...xs].sort((a, b) => a - b);
        return {
          p50: +quantile(s, 0.5).toFixed(1),
          p90: +quantile(s, 0.9).toFixed(1),
          min: +s[0]!.toFixed(1),
        };
      };
      results.push({
        k,
        cells: 2 * k * k,
        runs: RUNS,
        commitMs: stats(commit),
        firstFrameMs: stats(frame),
        sinceNavigationMs: stats(nav),
        arrowKeyMs: stats(arrow),
      });
    }
  } finally {
    await browser.close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
  const report = {
    bench: 'dashboard heatmap pair, time to first render',
    browser: `Chromium ${browser.version()} headless, --disable-gpu`,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    date: new Date().toISOString(),
    results,
  };
  await mkdir(join(repoRoot, 'bench-results'), { recursive: true });
  await writeFile(
    join(repoRoot, 'bench-results/dashboard-heatmap.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

await main();
