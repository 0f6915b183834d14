/**
 * Linear CKA speed at the issue's sizes (n = 10,000; p = q = 512 and 2048), against numpy doing centred
 * feature-form CKA in float64 on the same inputs, timed inside Python in the same run: on a pool of one worker
 * per core (issue 11's target: <= 2x numpy's wall time) and on one thread.
 *
 * numpy stays up in one Python process per size and runs once per request, so its runs alternate one to one
 * with SimLab's threaded runs and both see the same background load; figures are medians. OpenBLAS uses
 * every core unless told otherwise. The reference names numpy's version and BLAS, since a numpy on the
 * reference BLAS (Debian's python3-numpy without libopenblas) is ~50x slower and would flatter the ratio.
 * Wall time is the target's measure; process CPU time (SimLab: every thread; numpy: its process) is printed
 * beside it, as it moves less when the machine is shared.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeNpyFile } from '../data/npy.js';
import { createWorkerPool } from '../parallel/worker-pool.js';
import { createRng } from '../random.js';
import type { Activations } from '../similarity/activations.js';
import { linearCka } from '../similarity/linear-cka.js';
import type { BenchRow } from './bench-row.js';
import { type Cost, measure, median } from './measure.js';

const N = 10_000;
/** Threaded runs, each followed by one numpy run; single-threaded runs after them (~5x slower). */
const SIZES = [
  { p: 512, pairs: 15, single: 5 },
  { p: 2048, pairs: 6, single: 2 },
];
/** `SIMLAB_NUMPY_PYTHON` picks the interpreter; the default is the `python3` on PATH. */
const NUMPY_PYTHON = process.env.SIMLAB_NUMPY_PYTHON ?? 'python3';

const NUMPY_CKA = `
import json, sys, time
import numpy as np
a = np.load(sys.argv[1]).astype(np.float64)
b = np.load(sys.argv[2]).astype(np.float64)
def cka(a, b):
    a = a - a.mean(0)
    b = b - b.mean(0)
    return float(np.linalg.norm(a.T @ b) ** 2 / (np.linalg.norm(a.T @ a) * np.linalg.norm(b.T @ b)))
def blas():
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas['name']} {blas['version']}"
    except Exception:  # numpy < 1.26 cannot report it
        return "unknown BLAS"
cka(a, b)  # warm-up
print(json.dumps({"name": f"numpy {np.__version__} float64, {blas()}"}), flush=True)
for _ in sys.stdin:  # one timed run per request
    w, c = time.perf_counter(), time.process_time()
    value = cka(a, b)
    wall, cpu = (time.perf_counter() - w) * 1000, (time.process_time() - c) * 1000
    print(json.dumps({"wall": wall, "cpu": cpu, "value": value}), flush=True)
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
    for (const { p, pairs, single } of SIZES) {
      const a = related(rng, N, p);
      const b = related(rng, N, p, a);
      const files = [join(dir, 'a.npy'), join(dir, 'b.npy')] as const;
      await writeNpyFile(files[0], a.data, [a.n, a.p]);
      await writeNpyFile(files[1], b.data, [b.n, b.p]);
      await linearCka(a, b, { pool }); // starts the workers, compiles their kernels, JITs the loops
      const numpy = await startNumpy(files);
      const times = { threaded: runsOf(), single: runsOf(), numpy: runsOf() };
      const values = { threaded: Number.NaN, single: Number.NaN, numpy: Number.NaN };
      try {
        for (let r = 0; r < pairs; r++) {
          await settle();
          values.threaded = await timed(() => linearCka(a, b, { pool }), times.threaded);
          await settle();
          if (numpy) values.numpy = await timed(numpy.run, times.numpy);
        }
      } finally {
        numpy?.close();
      }
      for (let r = 0; r < single; r++) {
        await settle();
        values.single = await timed(() => linearCka(a, b), times.single);
      }
      for (const side of ['threaded', 'single'] as const) {
        if (Math.abs(values[side] - values.numpy) > 1e-5) {
          throw new Error(
            `linear CKA ${values[side]} (${side}) disagrees with numpy's ${values.numpy} at n=${N}, p=q=${p}`,
          );
        }
      }
      const label = `linear CKA n=${N} p=q=${p}`;
      const reference = numpy?.name ?? 'numpy';
      rows.push(
        ...compare(`${label}, ${workers} workers`, times.threaded, reference, times.numpy, ' (<= 2x)'),
      );
      rows.push(...compare(`${label}, 1 thread`, times.single, reference, times.numpy, ''));
    }
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * A pause before each timed run: OpenBLAS's idle threads spin for up to ~0.1 s after a product before they
 * sleep, which would take a core from the SimLab run that follows a numpy run.
 */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 250));
}

function runsOf(): Runs {
  return { wall: [], cpu: [] };
}

/** Times a SimLab run here, or records the times numpy measured for itself. */
async function timed(run: () => Promise<{ value: number; cost?: Cost }>, into: Runs): Promise<number> {
  const measured = await measure(run);
  const cost = measured.result.cost ?? measured.cost;
  into.wall.push(cost.wall);
  into.cpu.push(cost.cpu);
  return measured.result.value;
}

/** A wall-time row and a CPU-time row, each with numpy's median as the reference. */
function compare(name: string, simlab: Runs, numpyName: string, numpy: Runs, target: string): BenchRow[] {
  return (['wall', 'cpu'] as const satisfies readonly (keyof Cost)[]).map((clock) => {
    const value = median(simlab[clock]);
    const reference = numpy[clock].length > 0 ? median(numpy[clock]) : undefined;
    return {
      name: `${name}, ${clock}${clock === 'wall' ? target : ''} (median of ${simlab[clock].length})`,
      value,
      unit: 'ms',
      ...(reference !== undefined && {
        reference: {
          name: `${numpyName} (median of ${numpy[clock].length})`,
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

interface NumpyCka {
  /** numpy's version and BLAS. */
  name: string;
  /** One CKA in the Python process, timed there. */
  run: () => Promise<{ value: number; cost: Cost }>;
  close: () => void;
}

/**
 * A Python process that holds the inputs in float64 and computes CKA on request, or undefined when python
 * or numpy is missing (its error goes to stderr).
 */
async function startNumpy([fa, fb]: readonly [string, string]): Promise<NumpyCka | undefined> {
  const child = spawn(NUMPY_PYTHON, ['-c', NUMPY_CKA, fa, fb], { stdio: ['pipe', 'pipe', 'inherit'] });
  // biome-ignore lint/suspicious/noConsole: a benchmark CLI says why a reference is missing
  child.on('error', (error) => console.error(`numpy reference not run: ${error.message}`));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error(`${NUMPY_PYTHON} exited before answering (code ${child.exitCode})`);
    return JSON.parse(line.value) as T;
  };
  const close = () => child.stdin.end();
  try {
    const { name } = await next<{ name: string }>();
    return {
      name,
      run: async () => {
        child.stdin.write('run\n');
        const { wall, cpu, value } = await next<{ wall: number; cpu: number; value: number }>();
        return { value, cost: { wall, cpu } };
      },
      close,
    };
  } catch {
    close();
    return undefined;
  }
}
