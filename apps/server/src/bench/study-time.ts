/**
 * The quick study over the shipped zoo, timed through the CLI's path (compute's runStudy: worker threads, a
 * fresh disk cache) and through the server (startStudy on an in-process worker: pg-boss job, compute children,
 * PGlite), one after the other on this machine, with the load average before each (issue 11: server <= 1.2x).
 *
 *   TSX_TSCONFIG_PATH=apps/server/tsconfig.dev.json npx tsx apps/server/src/bench/study-time.ts [--server-only|--cli-only]
 *
 * Both run every inversion (no cache) on the dataset 'mnist' (compute's loadDataset), with the cores as
 * worker threads and as compute children.
 */
/* biome-ignore-all lint/suspicious/noConsole: a benchmark's output is its product */
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ZOO_DIR, initBackend, loadDataset, readZoo, runStudy } from '@simlab/compute';
import { createServer } from '../app.js';
import { createToken } from '../auth/tokens.js';
import { defaultLimits, defaultQueue } from '../config.js';
import { createLogger } from '../logger.js';

const cores = os.availableParallelism();
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const dataDir = await mkdtemp(join(os.tmpdir(), 'simlab-study-bench-'));
const zoo = await readZoo(process.env.SIMLAB_ZOO_DIR ?? DEFAULT_ZOO_DIR);
console.log(`${zoo.length} models, ${cores} cores, node ${process.version}`);

try {
  if (!process.argv.includes('--server-only')) {
    const backend = await initBackend();
    const dataset = await loadDataset('mnist');
    console.log(`CLI path (runStudy, ${cores} worker threads, backend ${backend.name}); load ${load()}`);
    const started = performance.now();
    const report = await runStudy({
      models: zoo,
      dataset,
      preset: 'quick',
      cacheDir: join(dataDir, 'cli-cache'),
      concurrency: cores,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `  CLI: ${seconds.toFixed(1)} s (inversions ${(report.timings.inversionMs / 1000).toFixed(1)} s)`,
    );
  }

  if (!process.argv.includes('--cli-only')) await serverStudy();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

/** The same study through startStudy on a fresh server (in-process worker, PGlite, the zoo registered). */
async function serverStudy(): Promise<void> {
  const server = await createServer({
    config: {
      database: { kind: 'pglite', dataDir: join(dataDir, 'pglite') },
      dataDir,
      inProcessWorker: true,
      computeProcesses: cores,
      anonymousRole: 'viewer',
      limits: defaultLimits,
      queue: defaultQueue,
      registerZoo: true,
      zooDirs: process.env.SIMLAB_ZOO_DIR ? [process.env.SIMLAB_ZOO_DIR] : undefined,
      logLevel: 'error',
    },
    logger: createLogger('error'),
  });
  try {
    await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}/graphql`;
    const { token } = await createToken(server.services.db, 'study bench', 'runner');
    const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
      // A reused keep-alive socket the server has just closed fails with ECONNRESET: ask again.
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables }),
          });
          const body = (await res.json()) as { data?: T; errors?: unknown };
          if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
          return body.data;
        } catch (error) {
          if (attempt >= 5 || !(error instanceof TypeError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    };
    const registered = await gql<{ registerDataset: { dataset: { id: string } } }>(
      'mutation { registerDataset(input: { name: "mnist", source: "mnist" }) { dataset { id } } }',
    );
    const datasetId = registered.registerDataset.dataset.id;
    const ready = async () => {
      const { models, dataset } = await gql<{
        models: { edges: { node: { id: string; name: string; status: string } }[] };
        dataset: { status: string };
      }>(
        'query($d: ID!) { models(first: 100) { edges { node { id name status } } } dataset(id: $d) { status } }',
        {
          d: datasetId,
        },
      );
      const nodes = models.edges.map((e) => e.node);
      const done =
        dataset.status === 'READY' && nodes.length >= zoo.length && nodes.every((n) => n.status === 'READY');
      return done ? nodes : undefined;
    };
    let models = await ready();
    while (!models) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      models = await ready();
    }
    const byName = new Map(models.map((m) => [m.name, m.id]));
    console.log(`server (startStudy QUICK, ${cores} compute children, PGlite); load ${load()}`);
    const started = performance.now();
    const { startStudy } = await gql<{ startStudy: { job: { id: string } } }>(
      'mutation($input: StartStudyInput!) { startStudy(input: $input) { job { id } } }',
      {
        input: {
          name: 'quick study bench',
          modelIds: zoo.map((m) => byName.get(m.id)),
          datasetId,
          preset: 'QUICK',
        },
      },
    );
    for (;;) {
      const { job } = await gql<{ job: { status: string; message: string; error: unknown } }>(
        'query($id: ID!) { job(id: $id) { status message error { code message } } }',
        { id: startStudy.job.id },
      );
      if (job.status === 'COMPLETED') break;
      if (job.status === 'FAILED' || job.status === 'CANCELLED') throw new Error(JSON.stringify(job));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`  server: ${seconds.toFixed(1)} s; load ${load()}`);
  } finally {
    await server.close();
  }
}
