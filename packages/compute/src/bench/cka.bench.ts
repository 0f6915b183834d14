/**
 * Linear CKA speed at the sizes (n = 10,000; p = q = 512 and 2048), against numpy doing centred
 * feature-form CKA in float64 on the same inputs, timed inside Python in the same run. The target:
 * within 10x of numpy.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeNpyFile } from '../data/npy.js';
import { createRng } from '../random.js';
import type { Activations } from '../similarity/activations.js';
import { linearCka } from '../similarity/linear-cka.js';
import type { BenchRow } from './bench-row.js';

const N = 10_000;
const SIZES = [
  { p: 512, runs: 5 },
  { p: 2048, runs: 3 },
];

const NUMPY_CKA = `
import json, statistics, sys, time
import numpy as np
a = np.load(sys.argv[1]).astype(np.float64)
b = np.load(sys.argv[2]).astype(np.float64)
def cka(a, b):
    a = a - a.mean(0)
    b = b - b.mean(0)
    return float(np.linalg.norm(a.T @ b) ** 2 / (np.linalg.norm(a.T @ a) * np.linalg.norm(b.T @ b)))
cka(a, b)  # warm-up
times, value = [], None
for _ in range(int(sys.argv[3])):
    t = time.perf_counter(); value = cka(a, b); times.append(time.perf_counter() - t)
print(json.dumps({"ms": statistics.median(times) * 1000, "value": value}))
`;

export async function benchLinearCka(): Promise<BenchRow[]> {
  const rng = createRng(2024);
  const dir = await mkdtemp(join(os.tmpdir(), 'simlab-cka-bench-'));
  const rows: BenchRow[] = [];
  try {
    let warm = false;
    for (const { p, runs } of SIZES) {
      const a = related(rng, N, p);
      const b = related(rng, N, p, a);
      if (!warm) await linearCka(a, b); // compiles the WASM kernels and JITs the loops once
      warm = true;
      const times: number[] = [];
      let value = Number.NaN;
      for (let r = 0; r < runs; r++) {
        const start = performance.now();
        value = (await linearCka(a, b)).value;
        times.push(performance.now() - start);
      }
      const ms = median(times);
      const numpy = await numpyLinearCka(dir, a, b, runs);
      if (numpy && Math.abs(numpy.value - value) > 1e-5) {
        throw new Error(`linear CKA ${value} disagrees with numpy's ${numpy.value} at n=${N}, p=q=${p}`);
      }
      rows.push({
        name: `linear CKA n=${N} p=q=${p} (median of ${runs})`,
        value: ms,
        unit: 'ms',
        ...(numpy && { reference: { name: 'numpy float64', value: numpy.ms, ratio: ms / numpy.ms } }),
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Gaussian activations [n, p], or `base` plus as much noise when given (so CKA is far from 0 and 1). */
function related(rng: ReturnType<typeof createRng>, n: number, p: number, base?: Activations): Activations {
  const data = new Float32Array(n * p);
  for (let k = 0; k < data.length; k++) data[k] = (base?.data[k] ?? 0) + rng.normal();
  return { data, n, p };
}

/** numpy's median time and value on the same inputs, or undefined when python3 with numpy is missing. */
async function numpyLinearCka(
  dir: string,
  a: Activations,
  b: Activations,
  runs: number,
): Promise<{ ms: number; value: number } | undefined> {
  const [fa, fb] = [join(dir, 'a.npy'), join(dir, 'b.npy')];
  await writeNpyFile(fa, a.data, [a.n, a.p]);
  await writeNpyFile(fb, b.data, [b.n, b.p]);
  try {
    const { stdout } = await promisify(execFile)('python3', ['-c', NUMPY_CKA, fa, fb, String(runs)]);
    return JSON.parse(stdout) as { ms: number; value: number };
  } catch {
    return undefined;
  }
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
