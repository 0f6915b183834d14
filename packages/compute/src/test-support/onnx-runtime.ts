/**
 * ONNX Runtime (onnxruntime-node, CPU) as the reference the importer is checked against: the same model bytes,
 * the same inputs, outputs compared to a tolerance.
 */
import * as ort from 'onnxruntime-node';
import { onnx } from '../onnx/onnx-proto.js';

export interface Named {
  data: Float32Array;
  dims: number[];
}

/**
 * Runs `bytes` on ONNX Runtime. `extraOutputs` names intermediate values to return as well (added to the
 * graph's outputs, which is how ONNX Runtime exposes them).
 */
export async function runOnnxRuntime(
  bytes: Uint8Array,
  feeds: Record<string, Named>,
  extraOutputs: string[] = [],
): Promise<Record<string, Named>> {
  const model = extraOutputs.length > 0 ? withOutputs(bytes, extraOutputs) : bytes;
  const session = await ort.InferenceSession.create(model, { graphOptimizationLevel: 'disabled' });
  try {
    const inputs = Object.fromEntries(
      Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor('float32', t.data, t.dims)]),
    );
    const out = await session.run(inputs);
    return Object.fromEntries(
      Object.entries(out).map(([name, t]) => [name, { data: t.data as Float32Array, dims: [...t.dims] }]),
    );
  } finally {
    await session.release();
  }
}

function withOutputs(bytes: Uint8Array, names: string[]): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const outputs = model.graph!.output ?? [];
  for (const name of names) {
    if (!outputs.some((o) => o.name === name)) {
      outputs.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: 1 } } }));
    }
  }
  model.graph!.output = outputs;
  return onnx.ModelProto.encode(model).finish();
}

/** Largest |a - b| over two equally long arrays (Infinity when the lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** NHWC [n, h, w, c] -> NCHW [n, c, h, w], for feeding NHWC images to an NCHW model. */
export function nhwcToNchw(data: Float32Array, [n, h, w, c]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < n!; i++)
    for (let y = 0; y < h!; y++)
      for (let x = 0; x < w!; x++)
        for (let k = 0; k < c!; k++)
          out[((i * c! + k) * h! + y) * w! + x] = data[((i * h! + y) * w! + x) * c! + k]!;
  return out;
}
