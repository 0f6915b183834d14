/**
 * Server benchmarks (`npm run bench -w @simlab/server`, after `npm run build`):
 *   1. p50/p99 latency of the 50x50 matrix query under 1, 8 and 32 concurrent HTTP clients;
 *   2. subscription fan-out: clients x events through NOTIFY, delivery rate, drops, latency;
 *   3. dataset images by index (MNIST's stored pixels): sample grid, gallery seeds, one PNG.
 * Runs on PGlite by default; BENCH_DATABASE_URL=postgres://... benchmarks PostgreSQL (a scratch database).
 */
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { createServer } from '../app.js';
import { defaultLimits, defaultQueue } from '../config.js';
import { createLogger } from '../logger.js';
import { fanout } from './fanout.bench.js';
import { imagesLatency } from './images-latency.bench.js';
import { latencyRow } from './latency.js';
import { matrixLatency } from './matrix-latency.bench.js';
import { seedMnist } from './seed-dataset.js';
import { seedMatrix } from './seed-matrix.js';

const dataDir = await mkdtemp(join(os.tmpdir(), 'simlab-bench-'));
const url = process.env.BENCH_DATABASE_URL;
const server = await createServer({
  config: {
    database: url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: join(dataDir, 'pglite') },
    dataDir,
    inProcessWorker: false,
    computeProcesses: 1,
    anonymousRole: 'viewer',
    limits: defaultLimits,
    queue: defaultQueue,
    registerZoo: false,
    logLevel: 'error',
  },
  logger: createLogger('error'),
  worker: false,
});
await new Promise<void>((resolve) => server.httpServer.listen(0, '127.0.0.1', resolve));
const { port } = server.httpServer.address() as AddressInfo;
const base = `http://127.0.0.1:${port}`;
const out = (line: string) => process.stdout.write(`${line}\n`);

out(
  `# SimLab server benchmarks (${server.services.db.kind}, ${os.cpus().length} cores, Node ${process.version})`,
);
const matrixId = await seedMatrix(server.services.db, 50, 'mlp');
out('\n## 50x50 matrix query (values + models), HTTP\n');
out('| clients | requests | req/s | p50 ms | p99 ms | max ms |');
out('|--------:|---------:|------:|-------:|-------:|-------:|');
for (const clients of [1, 8, 32]) out(latencyRow(await matrixLatency(base, matrixId, clients, 5)));
out('\n## Subscription fan-out (jobUpdated over graphql-ws, events through NOTIFY)\n');
out(
  '| clients | events | paced at /s | published/s | delivered/s | received/expected | dropped | p50 ms | p99 ms |',
);
out(
  '|--------:|-------:|------------:|------------:|------------:|------------------:|--------:|-------:|-------:|',
);
// Paced rounds measure latency at a steady event rate; the last (rate 0) is a burst, for throughput.
const rounds = [
  [10, 200, 50],
  [100, 200, 50],
  [500, 100, 20],
  [100, 500, 0],
] as const;
for (const [clients, events, rate] of rounds) {
  const r = await fanout(`ws://127.0.0.1:${port}/graphql`, server.services.pubsub, clients, events, rate);
  const paced = rate === 0 ? 'burst' : String(rate);
  out(
    `| ${r.clients} | ${r.events} | ${paced} | ${r.publishedPerSecond.toFixed(0)} | ${r.deliveredPerSecond.toFixed(0)} | ` +
      `${r.received}/${r.expected} | ${r.dropped} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} |`,
  );
}
out('\n## Dataset images by index (MNIST, 10,000 stored 8-bit digits), HTTP\n');
out('| request | clients | requests | req/s | p50 ms | p99 ms | max ms |');
out('|---------|--------:|---------:|------:|-------:|-------:|-------:|');
const mnistId = await seedMnist(server.services.db, server.services.blobs);
for (const clients of [1, 8]) {
  for (const { label, row } of await imagesLatency(base, mnistId, clients, 3)) out(latencyRow(row, label));
}
await server.close();
await rm(dataDir, { recursive: true, force: true });
