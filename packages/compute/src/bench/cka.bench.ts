/**
 * Linear CKA speed at the issue's sizes (n = 10,000; p = q = 512 and 2048), against numpy doing centred
 * feature-form CKA in float64 on the same inputs, timed inside Python in the same run: on a pool of one worker
 * per core (issue 11's target: <= 2x numpy's wall time) and on one thread.
 *
 * Rounds alternate SimLab and numpy so that both see the same background load; figures are medians of every
 * run. Wall time is the target's measure; process CPU time (SimLab: every thread; numpy: its process) is
 * printed beside it, as it moves less when the machine is shared.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeNpyFile } from '../data/npy.js';
import { createWorkerPool } from '../parallel/worker-pool.js';
import { createRng } from '../random.js';
import type { Activations } from '../similarity/activations.js';
import { linearCka } from '../similarity/linear-cka.js';
import type { BenchRow } from './bench-row.js';
import { type Cost, measure, median } from './measure.js';

const N = 10_000;
const SIZES = [
  { p: 512, runs: 5 },
  { p: 2048, runs: 2 },
];
const ROUNDS = 3;

const NUMPY_CKA = `
import json, sys, time
import numpy as np
a = np.load(sys.argv[1]).astype(np.float64)
b = np.load(sys.argv[2]).astype(np.float64)
def cka(a, b):
    a = a - a.mean(0)
    b = b - b.mean(0)
    return float(np.linalg.norm(a.T @ b) ** 2 / (np.linalg.norm(a.T @ a) * np.linalg.norm(b.T @ b)))
cka(a, b)  # warm-up
wall, cpu, value = [], [], None
for _ in range(int(sys.argv[3])):
    w, c = time.perf_counter(), time.process_time()
    value = cka(a, b)
    wall.append((time.perf_counter() - w) * 1000); cpu.append((time.process_time() - c) * 1000)
print(json.dumps({"wall": wall, "cpu": cpu, "value": value}))
`;

interface Runs {
  wall: number[];
  cpu: number[];
}

export async function benchLinearCka(): Promise<BenchRow[]> {
  const rng = createRng(2024);
  const dir = await mkdtemp(join(os.tmpdir(), 'simlab-cka-bench-'));
  const workers = os.availableParallelism();
  const pool = createWorkerPool({ size: workers });
  const rows: BenchRow[] = [];
  try {
    for (const { p, runs } of SIZES) {
      const a = related(rng, N, p);
      const b = related(rng, N, p, a);
      const files = [join(dir, 'a.npy'), join(dir, 'b.npy')] as const;
      await writeNpyFile(files[0], a.data, [a.n, a.p]);
      await writeNpyFile(files[1], b.data, [b.n, b.p]);
      await linearCka(a, b, { pool }); // starts the workers, compiles their kernels, JITs the loops
      await linearCka(a, b);
      const times = { threaded: runsOf(), single: runsOf(), numpy: runsOf() };
      const values = { threaded: Number.NaN, single: Number.NaN, numpy: Number.NaN };
      for (let round = 0; round < ROUNDS; round++) {
        for (let r = 0; r < runs; r++)
          values.threaded = await timed(() => linearCka(a, b, { pool }), times.threaded);
        for (let r = 0; r < runs; r++) values.single = await timed(() => linearCka(a, b), times.single);
        const numpy = await numpyLinearCka(files, runs);
        if (!numpy) break;
        times.numpy.wall.push(...numpy.wall);
        times.numpy.cpu.push(...numpy.cpu);
        values.numpy = numpy.value;
      }
      for (const side of ['threaded', 'single'] as const) {
        if (Math.abs(values[side] - values.numpy) > 1e-5) {
          throw new Error(
            `linear CKA ${values[side]} (${side}) disagrees with numpy's ${values.numpy} at n=${N}, p=q=${p}`,
          );
        }
      }
      const label = `linear CKA n=${N} p=q=${p}`;
      rows.push(...compare(`${label}, ${workers} workers`, times.threaded, times.numpy, ' (<= 2x)'));
      rows.push(...compare(`${label}, 1 thread`, times.single, times.numpy, ''));
    }
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

function runsOf(): Runs {
  return { wall: [], cpu: [] };
}

async function timed(run: () => Promise<{ value: number }>, into: Runs): Promise<number> {
  const { result, cost } = await measure(run);
  into.wall.push(cost.wall);
  into.cpu.push(cost.cpu);
  return result.value;
}

/** A wall-time row and a CPU-time row, each with numpy's median as the reference. */
function compare(name: string, simlab: Runs, numpy: Runs, target: string): BenchRow[] {
  return (['wall', 'cpu'] as const satisfies readonly (keyof Cost)[]).map((clock) => {
    const value = median(simlab[clock]);
    const reference = numpy[clock].length > 0 ? median(numpy[clock]) : undefined;
    return {
      name: `${name}, ${clock}${clock === 'wall' ? target : ''} (median of ${simlab[clock].length})`,
      value,
      unit: 'ms',
      ...(reference !== undefined && {
        reference: {
          name: `numpy float64 (median of ${numpy[clock].length})`,
          value: reference,
          ratio: value / reference,
        },
      }),
    };
  });
}

/** Gaussian activations [n, p], or `base` plus as much noise when given (so CKA is far from 0 and 1). */
function related(rng: ReturnType<typeof createRng>, n: number, p: number, base?: Activations): Activations {
  const data = new Float32Array(n * p);
  for (let k = 0; k < data.length; k++) data[k] = (base?.data[k] ?? 0) + rng.normal();
  return { data, n, p };
}

/** numpy's wall and CPU times and value on the same inputs, or undefined when python3 with numpy is missing. */
async function numpyLinearCka(
  [fa, fb]: readonly [string, string],
  runs: number,
): Promise<(Runs & { value: number }) | undefined> {
  try {
    const { stdout } = await promisify(execFile)('python3', ['-c', NUMPY_CKA, fa, fb, String(runs)]);
    return JSON.parse(stdout) as Runs & { value: number };
  } catch {
    return undefined;
  }
}
