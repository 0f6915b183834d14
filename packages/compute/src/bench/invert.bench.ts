/**
 * Inversion speed on the reference CNN at batch 32 (issue 2): ms per inversion iteration, the forward pass,
 * forward + input gradient (what one iteration differentiates), their shares, and a training step, each with
 * the fast WASM kernels (kernels/) and, as the reference measured in the same run, with the stock ones.
 * Target: forward + input gradient <= 3x the forward pass.
 *
 * Figures are medians of repeated runs, in wall time and in process CPU time: WASM runs on one thread here,
 * so on a shared machine the CPU time is the steadier measure of the work itself.
 *
 * Then one model inverted on every core against PyTorch on the CPU (invert-torch.bench.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { invertImages } from '../invert/invert-images.js';
import {
  fastKernelsInstalled,
  installFastKernels,
  uninstallFastKernels,
} from '../kernels/install-fast-kernels.js';
import { createReferenceCnn } from '../models/reference-cnn.js';
import type { BenchRow } from './bench-row.js';
import { benchInversionVsTorch } from './invert-torch.bench.js';

const BATCH = 32;
const REPEATS = 15;
const INVERSION_ITERATIONS = 20;

/** Median wall and CPU milliseconds. */
interface Cost {
  wall: number;
  cpu: number;
}

interface Timings {
  forward: Cost;
  forwardGradient: Cost;
  iteration: Cost;
  trainStep?: Cost;
}

export async function benchInversion(): Promise<BenchRow[]> {
  const kernels = await benchInversionKernels();
  return [...kernels, ...(await benchInversionVsTorch())];
}

async function benchInversionKernels(): Promise<BenchRow[]> {
  const model = createReferenceCnn([28, 28, 1], 10, 0);
  const seeds = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const targets = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  const onWasm = tf.getBackend() === 'wasm';
  const wasInstalled = fastKernelsInstalled().length > 0;
  try {
    if (onWasm) installFastKernels();
    const fast = await measure(model, seeds, targets, onWasm);
    if (!onWasm) return rows(fast, undefined, tf.getBackend());
    uninstallFastKernels();
    const stock = await measure(model, seeds, targets, false); // stock WASM has no Conv2DBackpropFilter
    return rows(fast, stock, 'wasm');
  } finally {
    if (onWasm && wasInstalled) installFastKernels();
    tf.dispose([seeds, targets]);
    model.dispose();
  }
}

async function measure(
  model: ReturnType<typeof createReferenceCnn>,
  seeds: tf.Tensor4D,
  targets: tf.Tensor4D,
  train: boolean,
): Promise<Timings> {
  const forward = repeat(() => model.apply(seeds, { training: false }) as tf.Tensor);
  const inputGradient = tf.grad((x: tf.Tensor) => tf.sum(model.apply(x, { training: false }) as tf.Tensor));
  const forwardGradient = repeat(() => inputGradient(seeds));
  const runs: Cost[] = [];
  for (let r = 0; r < 3; r++) {
    const start = clocks();
    await invertImages(model, seeds, targets, undefined, undefined, { iterations: INVERSION_ITERATIONS });
    runs.push(scale(elapsed(start), 1 / INVERSION_ITERATIONS));
  }
  const labels = tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(
        Int32Array.from({ length: BATCH }, (_, i) => i % 10),
        'int32',
      ),
      10,
    ),
  );
  const loss = () =>
    tf.losses.softmaxCrossEntropy(labels, model.apply(seeds, { training: true }) as tf.Tensor) as tf.Scalar;
  const trainStep = train
    ? repeat(() => {
        const { value, grads } = tf.variableGrads(loss);
        return [value, ...Object.values(grads)];
      })
    : undefined;
  labels.dispose();
  return { forward, forwardGradient, iteration: medianCost(runs), trainStep };
}

/** Median cost of `f` (including reading its results back) over REPEATS calls after 3 warm-up calls. */
function repeat(f: () => tf.Tensor | tf.Tensor[]): Cost {
  const once = () => {
    const start = clocks();
    const out = tf.tidy(f);
    for (const t of [out].flat()) t.dataSync();
    tf.dispose(out);
    return elapsed(start);
  };
  for (let i = 0; i < 3; i++) once();
  return medianCost(Array.from({ length: REPEATS }, once));
}

function rows(fast: Timings, stock: Timings | undefined, backend: string): BenchRow[] {
  // With a stock reference the measured side is the fast kernels; otherwise name the backend measured.
  const on = stock ? '' : ` (${backend})`;
  const out: BenchRow[] = [];
  const add = (name: string, unit: string, value: (t: Timings) => number) => {
    const v = value(fast);
    const s = stock && value(stock);
    out.push({
      name,
      value: v,
      unit,
      ...(s === undefined ? {} : { reference: { name: 'stock kernels', value: s, ratio: v / s } }),
    });
  };
  for (const clock of ['wall', 'cpu'] as const) {
    const tag = clock === 'cpu' ? ', CPU' : '';
    add(`inversion iteration${on}${tag}`, 'ms', (t) => t.iteration[clock]);
    add(`forward${on}${tag}`, 'ms', (t) => t.forward[clock]);
    add(`forward + input gradient${on}${tag}`, 'ms', (t) => t.forwardGradient[clock]);
    add(
      `(forward + gradient) / forward${tag} (<= 3)`,
      'x',
      (t) => t.forwardGradient[clock] / t.forward[clock],
    );
  }
  const forwardShare = (100 * fast.forward.cpu) / fast.forwardGradient.cpu;
  out.push({ name: 'forward share of forward + gradient, CPU', value: forwardShare, unit: '%' });
  out.push({ name: 'backward share of forward + gradient, CPU', value: 100 - forwardShare, unit: '%' });
  if (fast.trainStep) {
    out.push({
      name: 'training step (weight gradients; stock has none)',
      value: fast.trainStep.wall,
      unit: 'ms',
    });
  }
  return out;
}

function clocks(): Cost {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000 };
}

function elapsed(start: Cost): Cost {
  const now = clocks();
  return { wall: now.wall - start.wall, cpu: now.cpu - start.cpu };
}

function scale(c: Cost, k: number): Cost {
  return { wall: c.wall * k, cpu: c.cpu * k };
}

function medianCost(costs: Cost[]): Cost {
  return { wall: median(costs.map((c) => c.wall)), cpu: median(costs.map((c) => c.cpu)) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
