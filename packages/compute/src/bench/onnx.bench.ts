/**
 * The price of the ONNX importer (issue 13): inverting the PyTorch CNN fixture imported from ONNX against
 * inverting the same network with the same weights built as a TF.js layers model (onnx-twin.ts), batch 32,
 * SPEC §4 defaults. Target: ONNX <= 1.2x the layers model per inversion iteration.
 *
 * The two run alternately (A B A B ...) so that load from other processes falls on both; figures are medians
 * in wall time and in process CPU time (the steadier measure on a shared machine).
 */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { invertImages } from '../invert/invert-images.js';
import type { ModelLike } from '../models/classifier.js';
import { createRepresentationModel } from '../models/representation.js';
import { loadOnnxModel } from '../onnx/onnx-model.js';
import type { BenchRow } from './bench-row.js';
import { createCnnTwin } from './onnx-twin.js';

const BATCH = 32;
const ITERATIONS = 20;
const ROUNDS = 5;
const REPEATS = 15;
// From src/bench (vitest) and dist/bench (npm run bench) alike: the fixture lives in src only.
const FIXTURE = fileURLToPath(new URL('../../src/onnx/fixtures/cnn.onnx', import.meta.url));

interface Cost {
  wall: number;
  cpu: number;
}

export async function benchOnnx(): Promise<BenchRow[]> {
  const onnx = await loadOnnxModel(FIXTURE);
  const layers = createCnnTwin(onnx);
  const seeds = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const targets = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  try {
    const iteration = { onnx: [] as Cost[], layers: [] as Cost[] };
    const invert = async (model: ModelLike) => {
      const start = clocks();
      await invertImages(model, seeds, targets, undefined, undefined, {
        iterations: ITERATIONS,
        batchSize: BATCH,
      });
      return scale(elapsed(start), 1 / ITERATIONS);
    };
    await invert(onnx); // warm-up: kernels, constant cache
    await invert(layers);
    for (let r = 0; r < ROUNDS; r++) {
      iteration.onnx.push(await invert(onnx));
      iteration.layers.push(await invert(layers));
    }
    const gradient = (model: ModelLike) => {
      const rep = createRepresentationModel(model);
      const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.square(rep.represent(x))));
      return repeat(() => grad(seeds));
    };
    const forward = (model: ModelLike) => {
      const rep = createRepresentationModel(model);
      return repeat(() => rep.represent(seeds));
    };
    const rows: BenchRow[] = [];
    const add = (name: string, a: Cost, b: Cost) => {
      for (const clock of ['wall', 'cpu'] as const) {
        const tag = clock === 'cpu' ? ', CPU' : '';
        rows.push({
          name: `${name}${tag}`,
          value: a[clock],
          unit: 'ms',
          reference: { name: 'same weights as TF.js layers', value: b[clock], ratio: a[clock] / b[clock] },
        });
      }
    };
    add('ONNX CNN inversion iteration (<= 1.2x)', medianCost(iteration.onnx), medianCost(iteration.layers));
    add('ONNX CNN representation forward', forward(onnx), forward(layers));
    add('ONNX CNN forward + input gradient', gradient(onnx), gradient(layers));
    return rows;
  } finally {
    tf.dispose([seeds, targets]);
    onnx.dispose();
    layers.dispose();
  }
}

/** Median cost of `f` (including reading its result back) over REPEATS calls after 3 warm-up calls. */
function repeat(f: () => tf.Tensor): Cost {
  const once = () => {
    const start = clocks();
    const out = tf.tidy(f);
    out.dataSync();
    out.dispose();
    return elapsed(start);
  };
  for (let i = 0; i < 3; i++) once();
  return medianCost(Array.from({ length: REPEATS }, once));
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
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  return { wall: median(costs.map((c) => c.wall)), cpu: median(costs.map((c) => c.cpu)) };
}
