/**
 * `npm run bench`: speed figures for the compute core, each printed with the backend and machine that
 * produced it and, where the issue names one, a reference measured in the same run (numpy for CKA).
 * Results also go to bench-results/compute.json at the repo root so they can be compared across commits.
 */
/* biome-ignore-all lint/suspicious/noConsole: a benchmark's output is its product */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend, machineInfo } from '../backend.js';
import { codeVersion } from '../provenance.js';
import type { BenchRow } from './bench-row.js';
import { benchLinearCka } from './cka.bench.js';
import { benchInversion } from './invert.bench.js';
import { benchOnnx } from './onnx.bench.js';
import { benchCellStatistics } from './stats.bench.js';
import { benchQuickStudy } from './study.bench.js';
import { benchTraining } from './train.bench.js';

const suites: Record<string, () => Promise<BenchRow[]>> = {
  'linear CKA': benchLinearCka,
  'cell statistics (intervals and nulls per cell)': benchCellStatistics,
  'inversion (reference CNN, batch 32)': benchInversion,
  'ONNX import (PyTorch CNN vs its TF.js layers twin, batch 32)': benchOnnx,
  'training throughput per dataset (batch 64)': benchTraining,
  'quick study (shipped zoo)': benchQuickStudy,
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const backend = await initBackend();
  const machine = machineInfo();
  console.log(`SimLab compute bench — ${codeVersion()}`);
  console.log(
    `backend: ${backend.name} (${backend.package} ${backend.version}, simd=${backend.simd}, threads=${backend.threads})`,
  );
  console.log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}`,
  );
  const results: Record<string, BenchRow[]> = {};
  for (const [suite, run] of Object.entries(suites)) {
    if (only.length > 0 && !only.some((word) => suite.includes(word))) continue;
    console.log(`\n## ${suite}`);
    const rows = await run();
    for (const row of rows) console.log(formatRow(row));
    results[suite] = rows;
  }
  const out = join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    '..',
    '..',
    '..',
    'bench-results',
    'compute.json',
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ codeVersion: codeVersion(), backend, machine, date: new Date().toISOString(), results }, null, 2)}\n`,
  );
  console.log(`\nwritten ${out}`);
}

function formatRow(row: BenchRow): string {
  const value = `${row.value.toFixed(row.value < 10 ? 2 : 1)} ${row.unit}`;
  const ref = row.reference
    ? `   vs ${row.reference.name} ${row.reference.value.toFixed(2)} ${row.unit} (ratio ${row.reference.ratio.toFixed(2)}x)`
    : '';
  return `  ${row.name.padEnd(52)} ${value.padStart(14)}${ref}`;
}

await main();
