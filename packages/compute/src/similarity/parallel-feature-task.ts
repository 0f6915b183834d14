/**
 * The worker side of the parallel feature form (parallel-products.ts). Every worker runs the same three
 * phases, taking work items from counters in shared memory, so the work splits itself among however many
 * workers are running (one alone does everything):
 *
 *   1. column sums of A and B, CHUNK_ROWS rows at a time, in float64 (only when the inputs are raw); once
 *      every chunk is summed, each worker adds the chunks' sums in chunk order: the same means everywhere
 *   2. the centred column blocks C_j [n, w_j] of C = [A | B], written side by side into a shared layout
 *   3. the rows of the block triangle (feature-form.ts `featureRowSums`), each row's sums into its slot
 *
 * A worker that needs a block not yet written waits for it; a failing worker raises a shared flag that
 * stops the others.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import * as tf from '@tensorflow/tfjs-core';
import { CancelledError, throwIfAborted } from '../errors.js';
import type { Activations } from './activations.js';
import { addColumnSums, writeCentredColumns } from './centre.js';
import type { KernelSums } from './cka-result.js';
import {
  type FeatureBlock,
  featureBlocks,
  featureChunks,
  featureRowSums,
  featureRows,
  type ProductSet,
  tensorCache,
} from './feature-form.js';

/** Rows per column-sum chunk: 40 chunks at n = 10,000, enough to balance two to sixteen workers. */
export const CHUNK_ROWS = 256;

/** Indices into `control`. READY + j is 1 once block j is in the layout. */
export const CONTROL = {
  nextChunk: 0,
  chunksDone: 1,
  nextBlock: 2,
  nextRow: 3,
  failed: 4,
  ready: 5,
} as const;

export interface FeatureTask {
  form: 'feature';
  products: ProductSet;
  /** Row-major activations in shared memory: raw when `centre`, else already column-centred. */
  a: Activations;
  b: Activations;
  centre: boolean;
  /** [n (p + q)] shared: C in column-block layout, block j's [n, w_j] values from n * offset_j on. */
  layout: Float32Array;
  /** [chunks (p + q)] shared: each chunk's column sums (used when `centre`). */
  columnSums: Float64Array;
  /** Shared counters and flags, see CONTROL; length CONTROL.ready + blocks. */
  control: Int32Array;
  /** [rows * 3] shared: kl, kk, ll of each row of the triangle. */
  sums: Float64Array;
}

/** Shared buffers for a feature task over A [n, p], B [n, q]; the layout's from `take(bytes)` (scratch). */
export function featureTaskBuffers(
  n: number,
  p: number,
  q: number,
  take: (bytes: number) => SharedArrayBuffer = (bytes) => new SharedArrayBuffer(bytes),
) {
  const blocks = featureBlocks(p, q).length;
  const chunks = Math.ceil(n / CHUNK_ROWS);
  return {
    layout: new Float32Array(take(4 * n * (p + q)), 0, n * (p + q)),
    columnSums: new Float64Array(new SharedArrayBuffer(8 * chunks * (p + q))),
    control: new Int32Array(new SharedArrayBuffer(4 * (CONTROL.ready + blocks))),
  };
}

export async function runFeatureTask(task: FeatureTask, signal: AbortSignal): Promise<null> {
  const { a, b, control } = task;
  const blocks = featureBlocks(a.p, b.p);
  const rows = featureRows(blocks, task.products);
  const check = () => {
    throwIfAborted(signal, 'CKA');
    if (Atomics.load(control, CONTROL.failed)) throw new CancelledError('CKA stopped: another worker failed');
  };
  const claim = (counter: number) => Atomics.add(control, counter, 1);
  const chunks = featureChunks(a.n);
  const right = tensorCache((j, c) => {
    const { cols, offset } = blocks[j]!;
    const { start, size } = chunks[c]!; // rows [start, start + size) of block j: contiguous in the layout
    const from = a.n * offset + start * cols.size;
    return tf.tensor2d(task.layout.subarray(from, from + size * cols.size), [size, cols.size]);
  });
  try {
    // 1. column sums per chunk of rows, then the means from all chunks
    let means: Float64Array | undefined;
    if (task.centre) {
      const chunks = Math.ceil(a.n / CHUNK_ROWS);
      for (let c = claim(CONTROL.nextChunk); c < chunks; c = claim(CONTROL.nextChunk)) {
        check();
        sumChunk(task, c);
        Atomics.add(control, CONTROL.chunksDone, 1);
        Atomics.notify(control, CONTROL.chunksDone);
      }
      await waitUntil(control, CONTROL.chunksDone, chunks, check);
      means = columnMeans(task.columnSums, chunks, a.p + b.p, a.n);
    }
    // 2. centred column blocks into the shared layout
    for (let j = claim(CONTROL.nextBlock); j < blocks.length; j = claim(CONTROL.nextBlock)) {
      check();
      writeBlock(task, blocks[j]!, means);
      Atomics.store(control, CONTROL.ready + j, 1);
      Atomics.notify(control, CONTROL.ready + j);
    }
    // 3. rows of the triangle; every block a row needs must be written first
    for (let k = claim(CONTROL.nextRow); k < rows.length; k = claim(CONTROL.nextRow)) {
      check();
      for (let j = rows[k]!; j < blocks.length; j++) await waitUntil(control, CONTROL.ready + j, 1, check);
      const s: KernelSums = await featureRowSums(blocks, rows[k]!, chunks.length, right.get, task.products);
      task.sums.set([s.kl, s.kk, s.ll], 3 * k);
    }
    return null;
  } catch (error) {
    Atomics.store(control, CONTROL.failed, 1);
    for (let i = 0; i < control.length; i++) Atomics.notify(control, i);
    throw error;
  } finally {
    right.dispose();
  }
}

/** Column sums of rows [c CHUNK_ROWS, (c + 1) CHUNK_ROWS) of A and B into chunk c's slot, in float64. */
function sumChunk({ a, b, columnSums }: FeatureTask, c: number): void {
  const width = a.p + b.p;
  const start = c * CHUNK_ROWS;
  const rows = { start, size: Math.min(a.n, start + CHUNK_ROWS) - start };
  addColumnSums(a, rows, columnSums.subarray(c * width, c * width + a.p));
  addColumnSums(b, rows, columnSums.subarray(c * width + a.p, (c + 1) * width));
}

/** Means of the p + q columns from the chunks' sums, added in chunk order. */
function columnMeans(columnSums: Float64Array, chunks: number, width: number, n: number): Float64Array {
  const means = new Float64Array(width);
  for (let c = 0; c < chunks; c++) {
    for (let j = 0; j < width; j++) means[j]! += columnSums[c * width + j]!;
  }
  for (let j = 0; j < width; j++) means[j]! /= n;
  return means;
}

/** Block j of C, centred in float64 and rounded once to float32, as [n, w] at n * offset in the layout. */
function writeBlock({ a, b, layout }: FeatureTask, block: FeatureBlock, means?: Float64Array): void {
  const x = block.side === 'a' ? a : b;
  const { start, size } = block.cols;
  const out = layout.subarray(x.n * block.offset, x.n * (block.offset + size));
  if (means) {
    writeCentredColumns(x, block.cols, means.subarray(block.offset, block.offset + size), out);
    return;
  }
  for (let i = 0; i < x.n; i++) out.set(x.data.subarray(i * x.p + start, i * x.p + start + size), i * size);
}

/** Atomics.waitAsync (Node >= 16), missing from the ES2022 library types this package compiles against. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/** Resolves once control[index] >= value, waiting without blocking this worker's event loop. */
async function waitUntil(
  control: Int32Array,
  index: number,
  value: number,
  check: () => void,
): Promise<void> {
  for (let seen = Atomics.load(control, index); seen < value; seen = Atomics.load(control, index)) {
    check();
    const wait = waitAsync(control, index, seen, 100);
    if (wait.async) await wait.value;
    else await yieldToEventLoop();
  }
}
