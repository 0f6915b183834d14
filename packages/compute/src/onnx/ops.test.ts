/**
 * Every supported operator, on a tiny graph built here, against ONNX Runtime (CPU) on the same input: equal to
 * 1e-4. Rank-4 inputs run twice, once in the ONNX layout and once stored NHWC (the layout adapter's path).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { createRng } from '../random.js';
import { buildOnnxModel, type GraphSpec, type NodeSpec } from '../test-support/onnx-builder.js';
import { maxAbsDiff, runOnnxRuntime } from '../test-support/onnx-runtime.js';
import { OnnxGraph } from './onnx-graph.js';
import { decodeModel } from './onnx-proto.js';
import { asOnnx, tensorValue } from './value.js';

const TOLERANCE = 1e-4;
const X4 = [2, 3, 5, 6];

beforeAll(async () => {
  await initBackend();
});

/** The largest difference from ONNX Runtime over every case, and where. */
let worst = { diff: 0, where: '' };
afterAll(() => {
  // biome-ignore lint/suspicious/noConsole: the figure docs/onnx.md quotes
  console.info(
    `largest difference from ONNX Runtime over all operator cases: ${worst.diff.toExponential(2)} (${worst.where})`,
  );
});

let seed = 0;
function values(size: number, lo = -2, hi = 2): number[] {
  const rng = createRng(++seed);
  return Array.from({ length: size }, () => lo + (hi - lo) * rng.next());
}

const weights = (dims: number[], scale = 1) => ({
  dims,
  floats: values(dims.reduce((p, d) => p * d, 1)).map((v) => v * scale),
});

/** One node reading X (and initializers) into Y. */
function single(
  op: string,
  shape: number[],
  extra: Partial<NodeSpec> & { initializers?: GraphSpec['initializers']; opset?: number } = {},
): [GraphSpec, number[]] {
  const { initializers, opset, ...node } = extra;
  return [
    {
      inputs: [{ name: 'X', shape }],
      outputs: ['Y'],
      nodes: [{ op, inputs: ['X', ...Object.keys(initializers ?? {})], outputs: ['Y'], ...node }],
      initializers,
      opset,
    },
    shape,
  ];
}

async function expectMatchesOrt([spec, shape]: [GraphSpec, number[]], tolerance = TOLERANCE): Promise<void> {
  const bytes = buildOnnxModel(spec);
  const x = Float32Array.from(values(shape.reduce((p, d) => p * d, 1)));
  const reference = await runOnnxRuntime(bytes, { X: { data: x, dims: shape } });
  const graph = new OnnxGraph(decodeModel(bytes, 'test.onnx'), 'test.onnx');
  const before = tf.memory().numTensors;
  try {
    for (const stored of shape.length === 4 ? ['onnx', 'nhwc'] : ['onnx']) {
      const outputs = tf.tidy(() => {
        const t = tf.tensor(x, shape);
        const input = stored === 'nhwc' ? tensorValue(tf.transpose(t, [0, 2, 3, 1]), true) : tensorValue(t);
        return graph.run(input, spec.outputs).map((v) => asOnnx(v, graph.constants));
      });
      for (const [k, name] of spec.outputs.entries()) {
        const got = outputs[k]!;
        const want = reference[name]!;
        expect(got.shape, `${name} shape (${stored})`).toEqual(want.dims);
        const diff = maxAbsDiff(got.dataSync(), want.data);
        if (diff > worst.diff)
          worst = { diff, where: `${spec.nodes.map((n) => n.op).join(' > ')}, ${stored} input` };
        expect(diff, `${name} (${stored} input)`).toBeLessThanOrEqual(tolerance);
      }
      tf.dispose(outputs);
    }
    // Constants made on first use are kept by the model; a second run leaks nothing.
    const kept = tf.memory().numTensors;
    tf.dispose(
      tf.tidy(() =>
        graph.run(tensorValue(tf.tensor(x, shape)), spec.outputs).map((v) => asOnnx(v, graph.constants)),
      ),
    );
    expect(tf.memory().numTensors).toBe(kept);
  } finally {
    graph.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
}

describe('Conv', () => {
  it('with bias, pads and stride 1', () =>
    expectMatchesOrt(
      single('Conv', X4, {
        attrs: { pads: [1, 1, 1, 1] },
        initializers: { W: weights([4, 3, 3, 3]), B: weights([4]) },
      }),
    ));
  it('with stride 2 and asymmetric pads, no bias', () =>
    expectMatchesOrt(
      single('Conv', X4, {
        attrs: { strides: [2, 2], pads: [0, 1, 1, 0] },
        initializers: { W: weights([4, 3, 3, 2]) },
      }),
    ));
  it('with dilations 2', () =>
    expectMatchesOrt(
      single('Conv', X4, {
        attrs: { dilations: [2, 2], pads: [2, 2, 2, 2] },
        initializers: { W: weights([2, 3, 3, 3]) },
      }),
    ));
  it('with dilations and strides together (explicitly dilated kernel)', () =>
    expectMatchesOrt(
      single('Conv', [1, 3, 9, 8], {
        attrs: { dilations: [2, 1], strides: [2, 2], pads: [1, 1, 1, 1] },
        initializers: { W: weights([2, 3, 3, 3]) },
      }),
    ));
  it('with groups', () =>
    expectMatchesOrt(
      single('Conv', [2, 4, 5, 6], {
        attrs: { group: 2, pads: [1, 1, 1, 1] },
        initializers: { W: weights([6, 2, 3, 3]), B: weights([6]) },
      }),
    ));
  it('depthwise with channel multiplier 2', () =>
    expectMatchesOrt(
      single('Conv', [2, 4, 5, 6], { attrs: { group: 4 }, initializers: { W: weights([8, 1, 3, 3]) } }),
    ));
  for (const autoPad of ['SAME_UPPER', 'SAME_LOWER', 'VALID']) {
    it(`with auto_pad ${autoPad} and stride 2`, () =>
      expectMatchesOrt(
        single('Conv', [1, 3, 6, 7], {
          attrs: { auto_pad: autoPad, strides: [2, 2] },
          initializers: { W: weights([2, 3, 2, 2]) },
        }),
      ));
  }
});

describe('Gemm and MatMul', () => {
  it('Gemm with transB, alpha and beta', () =>
    expectMatchesOrt(
      single('Gemm', [3, 5], {
        attrs: { transB: 1, alpha: 0.5, beta: 2 },
        floats: ['alpha', 'beta'],
        initializers: { W: weights([4, 5]), C: weights([4]) },
      }),
    ));
  it('Gemm with transA and a row bias', () =>
    expectMatchesOrt(
      single('Gemm', [5, 3], {
        attrs: { transA: 1 },
        initializers: { W: weights([5, 4]), C: weights([1, 4]) },
      }),
    ));
  it('MatMul of a rank-3 input by a matrix', () =>
    expectMatchesOrt(single('MatMul', [2, 3, 5], { initializers: { W: weights([5, 4]) } })));
  it('MatMul broadcasting batch axes', () =>
    expectMatchesOrt(single('MatMul', [3, 5], { initializers: { W: weights([4, 5, 2]) } })));
  it('MatMul of a vector', () =>
    expectMatchesOrt(single('MatMul', [5], { initializers: { W: weights([5, 3]) } })));
});

describe('elementwise arithmetic with broadcasting', () => {
  // Divisors as input normalisations have them (a std), away from 0, where x / c would be huge.
  const operand = (op: string, dims: number[]) =>
    op === 'Div'
      ? {
          dims,
          floats: values(
            dims.reduce((p, d) => p * d, 1),
            0.2,
            2,
          ),
        }
      : weights(dims);
  for (const op of ['Add', 'Sub', 'Mul', 'Div']) {
    it(`${op} by a per-channel constant [c, 1, 1]`, () =>
      expectMatchesOrt(single(op, X4, { initializers: { C: operand(op, [3, 1, 1]) } })));
    it(`${op} by a constant over the last axis`, () =>
      expectMatchesOrt(single(op, X4, { initializers: { C: operand(op, [6]) } })));
  }
  it('Add of a conv output (stored NHWC) and the input (in either layout)', () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: X4 }],
        outputs: ['Y'],
        nodes: [
          { op: 'Conv', inputs: ['X', 'W'], outputs: ['C'], attrs: { pads: [1, 1, 1, 1] } },
          { op: 'Add', inputs: ['C', 'X'], outputs: ['Y'] },
        ],
        initializers: { W: weights([3, 3, 3, 3]) },
      },
      X4,
    ]));
  it('Pow by a constant exponent', () =>
    expectMatchesOrt(single('Pow', X4, { initializers: { E: { dims: [], floats: [2] } } })));
});

describe('activations', () => {
  for (const op of ['Relu', 'Sigmoid', 'Tanh', 'Erf', 'Exp', 'Neg', 'Abs', 'Softplus', 'HardSwish']) {
    it(op, () => expectMatchesOrt(single(op, X4, { opset: 14 })));
  }
  it('LeakyRelu with alpha 0.2', () =>
    expectMatchesOrt(single('LeakyRelu', X4, { attrs: { alpha: 0.2 }, floats: ['alpha'] })));
  it('Elu with alpha 0.5', () =>
    expectMatchesOrt(single('Elu', X4, { attrs: { alpha: 0.5 }, floats: ['alpha'] })));
  it('HardSigmoid', () =>
    expectMatchesOrt(
      single('HardSigmoid', X4, { attrs: { alpha: 0.3, beta: 0.4 }, floats: ['alpha', 'beta'] }),
    ));
  it('Gelu (exact and tanh approximation, opset 20)', async () => {
    await expectMatchesOrt(single('Gelu', X4, { opset: 20 }));
    await expectMatchesOrt(single('Gelu', X4, { opset: 20, attrs: { approximate: 'tanh' } }));
  });
  it('Clip with min and max inputs', () =>
    expectMatchesOrt(
      single('Clip', X4, {
        initializers: { lo: { dims: [], floats: [-0.5] }, hi: { dims: [], floats: [1] } },
      }),
    ));
  it('Sqrt, Log and Reciprocal of positive values', () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: X4 }],
        outputs: ['S', 'L', 'R'],
        nodes: [
          { op: 'Abs', inputs: ['X'], outputs: ['A'] },
          { op: 'Add', inputs: ['A', 'one'], outputs: ['P'] },
          { op: 'Sqrt', inputs: ['P'], outputs: ['S'] },
          { op: 'Log', inputs: ['P'], outputs: ['L'] },
          { op: 'Reciprocal', inputs: ['P'], outputs: ['R'] },
        ],
        initializers: { one: { dims: [], floats: [1] } },
      },
      X4,
    ]));
});

describe('softmax and reductions', () => {
  it('Softmax over axis 1 (opset 13)', () => expectMatchesOrt(single('Softmax', X4, { attrs: { axis: 1 } })));
  it('Softmax over the last axis by default', () => expectMatchesOrt(single('Softmax', [3, 7])));
  it('Softmax before opset 13 (coerced to 2-D)', () =>
    expectMatchesOrt(single('Softmax', X4, { attrs: { axis: 1 }, opset: 11 })));
  it('LogSoftmax', () => expectMatchesOrt(single('LogSoftmax', [3, 7])));
  it('ReduceMean over the spatial axes of a conv output, keepdims 0', () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: X4 }],
        outputs: ['Y'],
        nodes: [
          { op: 'Conv', inputs: ['X', 'W'], outputs: ['C'] },
          { op: 'ReduceMean', inputs: ['C'], outputs: ['Y'], attrs: { axes: [2, 3], keepdims: 0 } },
        ],
        initializers: { W: weights([4, 3, 1, 1]) },
      },
      X4,
    ]));
  it('ReduceSum with axes as input (opset 13), keepdims 1', () =>
    expectMatchesOrt(single('ReduceSum', X4, { initializers: { axes: { dims: [1], ints: [1] } } })));
  it('ReduceMax over axis 3', () =>
    expectMatchesOrt(single('ReduceMax', X4, { attrs: { axes: [3], keepdims: 0 } })));
});

describe('pooling', () => {
  it('MaxPool 3x3 stride 2 with pads', () =>
    expectMatchesOrt(
      single('MaxPool', X4, { attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] } }),
    ));
  it('MaxPool with ceil_mode', () =>
    expectMatchesOrt(
      single('MaxPool', [1, 2, 5, 7], { attrs: { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 } }),
    ));
  it('MaxPool with auto_pad SAME_UPPER', () =>
    expectMatchesOrt(
      single('MaxPool', X4, { attrs: { kernel_shape: [2, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' } }),
    ));
  for (const include of [0, 1]) {
    it(`AveragePool with pads, count_include_pad ${include}`, () =>
      expectMatchesOrt(
        single('AveragePool', X4, {
          attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: include },
        }),
      ));
  }
  it('AveragePool 2x2 stride 2', () =>
    expectMatchesOrt(single('AveragePool', X4, { attrs: { kernel_shape: [2, 2], strides: [2, 2] } })));
  it('GlobalAveragePool', () => expectMatchesOrt(single('GlobalAveragePool', X4)));
  it('GlobalMaxPool', () => expectMatchesOrt(single('GlobalMaxPool', X4)));
});

describe('normalisation', () => {
  const bn = (c: number) => ({
    scale: weights([c]),
    bias: weights([c]),
    mean: weights([c]),
    var: { dims: [c], floats: values(c, 0.1, 2) },
  });
  it('BatchNormalization of NCHW input', () =>
    expectMatchesOrt(
      single('BatchNormalization', X4, {
        attrs: { epsilon: 1e-3 },
        floats: ['epsilon'],
        initializers: bn(3),
      }),
    ));
  it('BatchNormalization of [n, c] input', () =>
    expectMatchesOrt(single('BatchNormalization', [4, 5], { initializers: bn(5) })));
  it('LayerNormalization over the last axis (opset 17)', () =>
    expectMatchesOrt(
      single('LayerNormalization', X4, {
        opset: 17,
        initializers: { scale: weights([6]), bias: weights([6]) },
      }),
    ));
  it('LayerNormalization over the last two axes', () =>
    expectMatchesOrt(
      single('LayerNormalization', X4, {
        opset: 17,
        attrs: { axis: 2 },
        initializers: { scale: weights([5, 6]) },
      }),
    ));
});

describe('shapes and plumbing', () => {
  it('Flatten of a conv output (NCHW order)', () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: X4 }],
        outputs: ['Y'],
        nodes: [
          { op: 'Conv', inputs: ['X', 'W'], outputs: ['C'] },
          { op: 'Flatten', inputs: ['C'], outputs: ['Y'] },
        ],
        initializers: { W: weights([4, 3, 2, 2]) },
      },
      X4,
    ]));
  it('Flatten at axis 2', () => expectMatchesOrt(single('Flatten', X4, { attrs: { axis: 2 } })));
  it('Reshape with 0 and -1', () =>
    expectMatchesOrt(single('Reshape', X4, { initializers: { shape: { dims: [3], ints: [0, 3, -1] } } })));
  it("Reshape through PyTorch's Shape -> Gather -> Unsqueeze -> Concat chain", () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: ['batch', 3, 5, 6] }],
        outputs: ['Y'],
        nodes: [
          { op: 'Relu', inputs: ['X'], outputs: ['R'] },
          { op: 'Shape', inputs: ['R'], outputs: ['S'] },
          { op: 'Gather', inputs: ['S', 'zero'], outputs: ['N'], attrs: { axis: 0 } },
          { op: 'Unsqueeze', inputs: ['N', 'axes'], outputs: ['N1'] },
          { op: 'Concat', inputs: ['N1', 'minus'], outputs: ['T'], attrs: { axis: 0 } },
          { op: 'Reshape', inputs: ['R', 'T'], outputs: ['Y'] },
        ],
        initializers: {
          zero: { dims: [], ints: [0] },
          axes: { dims: [1], ints: [0] },
          minus: { dims: [1], ints: [-1] },
        },
      },
      X4,
    ]));
  it('Transpose NCHW -> NHWC and back, and the default reversal', () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: X4 }],
        outputs: ['A', 'B', 'R'],
        nodes: [
          { op: 'Conv', inputs: ['X', 'W'], outputs: ['C'] },
          { op: 'Transpose', inputs: ['C'], outputs: ['A'], attrs: { perm: [0, 2, 3, 1] } },
          { op: 'Transpose', inputs: ['A'], outputs: ['B'], attrs: { perm: [0, 3, 1, 2] } },
          { op: 'Transpose', inputs: ['X'], outputs: ['R'] },
        ],
        initializers: { W: weights([2, 3, 1, 1]) },
      },
      X4,
    ]));
  it('Concat of stored-NHWC and ONNX-layout values', () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: X4 }],
        outputs: ['Y', 'Z'],
        nodes: [
          { op: 'Conv', inputs: ['X', 'W'], outputs: ['C'], attrs: { pads: [1, 1, 1, 1] } },
          { op: 'Relu', inputs: ['C'], outputs: ['R'] },
          { op: 'Concat', inputs: ['C', 'R'], outputs: ['Y'], attrs: { axis: 1 } },
          { op: 'Concat', inputs: ['X', 'C'], outputs: ['Z'], attrs: { axis: 3 } },
        ],
        initializers: { W: weights([3, 3, 3, 3]) },
      },
      X4,
    ]));
  it('Pad with a constant value', () =>
    expectMatchesOrt(
      single('Pad', X4, {
        initializers: {
          pads: { dims: [8], ints: [0, 0, 1, 2, 0, 0, 2, 1] },
          value: { dims: [], floats: [0.5] },
        },
      }),
    ));
  it('Pad in reflect mode', () =>
    expectMatchesOrt(
      single('Pad', X4, {
        attrs: { mode: 'reflect' },
        initializers: { pads: { dims: [8], ints: [0, 0, 1, 2, 0, 0, 2, 1] } },
      }),
    ));
  it('Slice with axes and steps', () =>
    expectMatchesOrt(
      single('Slice', X4, {
        initializers: {
          starts: { dims: [2], ints: [1, 0] },
          ends: { dims: [2], ints: [4, -1] },
          axes: { dims: [2], ints: [2, 3] },
          steps: { dims: [2], ints: [1, 2] },
        },
      }),
    ));
  it('Gather along axis 1', () =>
    expectMatchesOrt(
      single('Gather', X4, { attrs: { axis: 1 }, initializers: { idx: { dims: [2], ints: [2, -3] } } }),
    ));
  it('ConstantOfShape of a runtime Shape, added to the input', () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: ['batch', 3, 5, 6] }],
        outputs: ['Y'],
        nodes: [
          { op: 'Shape', inputs: ['X'], outputs: ['S'] },
          {
            op: 'ConstantOfShape',
            inputs: ['S'],
            outputs: ['K'],
            attrs: { value: { dims: [1], floats: [0.25] } },
          },
          { op: 'Add', inputs: ['X', 'K'], outputs: ['Y'] },
        ],
      },
      X4,
    ]));
  it('Unsqueeze and Squeeze', () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: [3, 4] }],
        outputs: ['U', 'S'],
        nodes: [
          { op: 'Unsqueeze', inputs: ['X', 'axes'], outputs: ['U'] },
          { op: 'Squeeze', inputs: ['U', 'axes'], outputs: ['S'] },
        ],
        initializers: { axes: { dims: [2], ints: [0, -1] } },
      },
      [3, 4],
    ]));
  it('Identity, Dropout (inference), Constant and Cast', () =>
    expectMatchesOrt([
      {
        inputs: [{ name: 'X', shape: X4 }],
        outputs: ['Y'],
        nodes: [
          { op: 'Identity', inputs: ['X'], outputs: ['I'] },
          { op: 'Dropout', inputs: ['I', 'ratio'], outputs: ['D'] },
          {
            op: 'Constant',
            inputs: [],
            outputs: ['K'],
            attrs: { value: { dims: [3, 1, 1], floats: [1, 2, 3] } },
          },
          { op: 'Mul', inputs: ['D', 'K'], outputs: ['M'] },
          { op: 'Cast', inputs: ['M'], outputs: ['Y'], attrs: { to: 1 } },
        ],
        initializers: { ratio: { dims: [], floats: [0.5] } },
      },
      X4,
    ]));
});
