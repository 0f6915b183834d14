/**
 * Server benchmarks (`npm run bench -w @simlab/server`, after `npm run build`):
 *   1. READY matrix queries under load (autocannon): an 18x18 matrix, values and the dashboard's cells query,
 *      1 and 200 clients, answers kept vs executed; a 50x50 matrix at 32 clients. Medians of BENCH_RUNS runs
 *      (default 5) of BENCH_SECONDS (default 10) each, after a warm-up run;
 *   2. subscription fan-out: clients x events through NOTIFY, delivery rate, drops, latency;
 *   3. dataset images by index (MNIST's stored pixels): sample grid, gallery seeds, one PNG.
 * Runs on PGlite by default; BENCH_DATABASE_URL=postgres://... benchmarks PostgreSQL (a scratch database).
 */
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { createServer } from '../app.js';
import { defaultLimits, defaultQueue } from '../config.js';
import { createLogger } from '../logger.js';
import { fanout } from './fanout.bench.js';
import { imagesLatency } from './images-latency.bench.js';
import { latencyRow } from './latency.js';
import { LOAD_HEADER, type LoadRow, loadRow } from './load.js';
import { CELLS_QUERY, matrixLoad, VALUES_QUERY } from './matrix-load.bench.js';
import { seedMnist } from './seed-dataset.js';
import { seedMatrix } from './seed-matrix.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

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

const cpus = os.cpus();
const autocannonVersion = (createRequire(import.meta.url)('autocannon/package.json') as { version: string })
  .version;
out(`# SimLab server benchmarks (${server.services.db.kind}: ${server.services.db.location})`);
out(
  `\nMachine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} at start (shared: other processes run); ` +
    `Node ${process.version}; autocannon ${autocannonVersion} in a worker thread of this process.`,
);

out('\n## READY matrix queries under load (autocannon)\n');
out(
  `Medians of ${RUNS} runs of ${SECONDS} s each after a ${Math.min(3, SECONDS)} s warm-up; every answer checked byte for byte.`,
);
out('"kept": the same request repeated, answered from the kept bytes; "executed": sent with');
out('`Cache-Control: no-cache`, so each is executed and serialized (rows from the READY-row cache).\n');
for (const line of LOAD_HEADER) out(line);
const k18 = await seedMatrix(server.services.db, 18, 'mlp');
const k50 = await seedMatrix(server.services.db, 50, 'mlp');
const cases = [
  { label: '18x18 values', matrixId: k18, query: VALUES_QUERY, connections: 1 },
  { label: '18x18 values', matrixId: k18, query: VALUES_QUERY, connections: 200 },
  { label: '18x18 cells', matrixId: k18, query: CELLS_QUERY, connections: 200 },
  { label: '50x50 values', matrixId: k50, query: VALUES_QUERY, connections: 32 },
];
for (const c of cases) {
  for (const executed of [false, true]) {
    const options = { url: base, ...c, executed };
    await matrixLoad({ ...options, seconds: Math.min(3, SECONDS) });
    const rows: LoadRow[] = [];
    for (let run = 0; run < RUNS; run++) rows.push(await matrixLoad({ ...options, seconds: SECONDS }));
    out(loadRow(c.label, executed ? 'executed' : 'kept', rows));
  }
}
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
