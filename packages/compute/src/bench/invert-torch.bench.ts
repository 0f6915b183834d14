/**
 * Inversion of one model on every core against PyTorch on the CPU (issue 11: target <= 0.6x PyTorch's wall time
 * with both cores): the reference CNN, a batch of MNIST pairs, the same iterations, timed in the same run.
 * PyTorch runs scripts/bench-invert-torch.py (Debian's python3-torch at /usr/bin/python3, or
 * SIMLAB_TORCH_PYTHON) on the same weights and images, with one thread per core and with one thread; SimLab
 * runs invertImagesParallel on a pool of one worker per core, and invertImages on one thread. The seed losses
 * must agree, which shows that both built the same network.
 *
 * PyTorch's OpenMP threads spin while they wait, which collapses on a machine shared with other work; it is
 * timed both with its default wait policy and with OMP_WAIT_POLICY=PASSIVE, and the faster is the reference.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadMnist } from '../data/mnist.js';
import { writeNpyFile } from '../data/npy.js';
import { invertImages } from '../invert/invert-images.js';
import { invertImagesParallel } from '../invert/invert-parallel.js';
import { createReferenceCnn } from '../models/reference-cnn.js';
import { serializeModel, WEIGHTS_FILE } from '../models/serialize.js';
import { createWorkerPool } from '../parallel/worker-pool.js';
import type { BenchRow } from './bench-row.js';
import { measure, median } from './measure.js';

const BATCH = 32;
const ITERATIONS = 50;
const RUNS = 3;
const ROUNDS = 2;
const TORCH_PYTHON = process.env.SIMLAB_TORCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'bench-invert-torch.py');

interface Runs {
  wall: number[];
  cpu: number[];
}

interface TorchRun extends Runs {
  threads: number;
  seedLosses: number[];
  torch: string;
}

export async function benchInversionVsTorch(): Promise<BenchRow[]> {
  const cores = availableParallelism();
  const model = createReferenceCnn([28, 28, 1], 10, 0);
  const mnist = loadMnist();
  const images = (from: number) => ({
    data: mnist.images.slice(from * 784, (from + BATCH) * 784),
    shape: [BATCH, 28, 28, 1] as [number, number, number, number],
  });
  const seeds = images(0);
  const targets = images(BATCH);
  const dir = await mkdtemp(join(tmpdir(), 'simlab-invert-bench-'));
  const pool = createWorkerPool({ size: cores });
  try {
    const { modelJson, weights } = await serializeModel(model);
    await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
    await writeFile(join(dir, WEIGHTS_FILE), weights);
    await writeNpyFile(join(dir, 'seeds.npy'), seeds.data, seeds.shape);
    await writeNpyFile(join(dir, 'targets.npy'), targets.data, targets.shape);
    const options = { iterations: ITERATIONS, batchSize: BATCH };
    const parallel = () =>
      invertImagesParallel(model, seeds, targets, undefined, undefined, { ...options, pool, modelDir: dir });
    const single = () => invertImages(model, seeds, targets, undefined, undefined, options);
    await parallel(); // starts the workers, compiles their kernels
    await single();
    const runs = { parallel: runsOf(), single: runsOf(), torchAll: runsOf(), torchOne: runsOf() };
    let torch: TorchRun | undefined;
    let seedLosses: Float32Array | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, so that both sides see the same background load.
      for (let r = 0; r < RUNS; r++) seedLosses = (await timed(parallel, runs.parallel)).seedLosses;
      for (let r = 0; r < RUNS; r++) await timed(single, runs.single);
      const all = fastest(await torchInversion(dir, cores, {}), await torchInversion(dir, cores, PASSIVE));
      const one = await torchInversion(dir, 1, {});
      if (!all || !one) break;
      for (const [into, from] of [
        [runs.torchAll, all],
        [runs.torchOne, one],
      ] as const) {
        into.wall.push(...from.wall);
        into.cpu.push(...from.cpu);
      }
      torch = all;
    }
    if (torch && seedLosses) assertSameNetwork(seedLosses, torch.seedLosses);
    const label = `inversion, reference CNN, batch ${BATCH}, ${ITERATIONS} iterations`;
    const torchName = (threads: number) =>
      `PyTorch ${torch?.torch ?? ''} CPU ${threads} thread${threads > 1 ? 's' : ''}`;
    return [
      ...compare(`${label}, ${cores} workers`, runs.parallel, runs.torchAll, torchName(cores), ' (<= 0.6x)'),
      ...compare(`${label}, 1 thread`, runs.single, runs.torchOne, torchName(1), ''),
      ...(torch
        ? []
        : [{ name: `PyTorch reference skipped: ${TORCH_PYTHON} cannot run torch`, value: 0, unit: 'ms' }]),
    ];
  } finally {
    await pool.close();
    model.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

const PASSIVE = { OMP_WAIT_POLICY: 'PASSIVE' };

function runsOf(): Runs {
  return { wall: [], cpu: [] };
}

async function timed<T>(run: () => Promise<T>, into: Runs): Promise<T> {
  const { result, cost } = await measure(run);
  into.wall.push(cost.wall);
  into.cpu.push(cost.cpu);
  return result;
}

function compare(name: string, simlab: Runs, torch: Runs, torchName: string, target: string): BenchRow[] {
  return (['wall', 'cpu'] as const).map((clock) => {
    const value = median(simlab[clock]);
    const reference = torch[clock].length > 0 ? median(torch[clock]) : undefined;
    return {
      name: `${name}, ${clock}${clock === 'wall' ? target : ''}`,
      value,
      unit: 'ms',
      ...(reference !== undefined && {
        reference: { name: torchName, value: reference, ratio: value / reference },
      }),
    };
  });
}

/** The run with the lower median wall time. */
function fastest(x: TorchRun | undefined, y: TorchRun | undefined): TorchRun | undefined {
  if (!x || !y) return x ?? y;
  return median(x.wall) <= median(y.wall) ? x : y;
}

/** PyTorch's run on the files in `dir`, or undefined when python or torch is missing. */
async function torchInversion(
  dir: string,
  threads: number,
  env: Record<string, string>,
): Promise<TorchRun | undefined> {
  const args = [SCRIPT, dir, join(dir, 'seeds.npy'), join(dir, 'targets.npy'), ITERATIONS, threads, RUNS];
  try {
    const { stdout } = await promisify(execFile)(TORCH_PYTHON, args.map(String), {
      env: { ...process.env, ...env },
    });
    return JSON.parse(stdout) as TorchRun;
  } catch {
    return undefined;
  }
}

/** The seed losses are computed before any step: equal up to float32 rounding iff the networks are equal. */
function assertSameNetwork(simlab: Float32Array, torch: number[]): void {
  const worst = Math.max(...Array.from(simlab, (v, i) => Math.abs(v - torch[i]!)));
  if (!(worst <= 1e-4)) {
    throw new Error(
      `PyTorch's seed losses differ from SimLab's by up to ${worst}: the reference network is not the same`,
    );
  }
}
