/**
 * Whole imported models against ONNX Runtime: the PyTorch fixtures (a CNN with PyTorch's Shape/Gather/Concat
 * flatten, a ResNet with batch norm) and a Keras-style NHWC model ending in Softmax; their metadata, layers,
 * leaks, and the errors a user sees.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadMnist } from '../data/mnist.js';
import { DataFormatError, InvalidArgumentError, NotFoundError, UnsupportedModelError } from '../errors.js';
import { buildOnnxModel, type GraphSpec } from '../test-support/onnx-builder.js';
import { maxAbsDiff, nhwcToNchw, runOnnxRuntime } from '../test-support/onnx-runtime.js';
import { OnnxModel } from './onnx-model.js';

const TOLERANCE = 1e-4;
const N = 16;
let images: Float32Array;

beforeAll(async () => {
  await initBackend();
  images = loadMnist().images.slice(0, N * 784);
});

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}.onnx`, import.meta.url)));
}

const FIXTURES = {
  cnn: { parameters: 8538, representation: '/Relu_3_output_0', dim: 32, conv: '/conv2/Conv' },
  resnet: { parameters: 5250, representation: '/Flatten_output_0', dim: 16, conv: '/block1/Add_output_0' },
};

for (const [name, expected] of Object.entries(FIXTURES)) {
  describe(`the PyTorch ${name} fixture`, () => {
    const bytes = fixture(name);
    let model: OnnxModel;
    let reference: Record<string, { data: Float32Array; dims: number[] }>;
    const x = () => tf.tensor4d(images, [N, 28, 28, 1]);

    beforeAll(async () => {
      model = OnnxModel.fromBytes(bytes, `${name}.onnx`);
      const convValue = model.layers.find((l) => l.name === expected.conv || l.node === expected.conv)!.name;
      reference = await runOnnxRuntime(
        bytes,
        { input: { data: nhwcToNchw(images, [N, 28, 28, 1]), dims: [N, 1, 28, 28] } },
        [expected.representation, convValue],
      );
    });
    afterAll(() => model.dispose());

    it('describes itself: NCHW input of 28x28x1, 10 classes, parameters, the SHA-256 of the file', () => {
      const m = model.metadata;
      expect(m).toMatchObject({ format: 'onnx', name, inputShape: [28, 28, 1], classes: 10 });
      expect(m.parameterCount).toBe(expected.parameters);
      expect(m.weightsHash).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(m.representationLayer).toBe(expected.representation);
      expect(m.details).toMatchObject({
        opset: 13,
        producer: 'pytorch 1.13.0',
        inputLayout: 'NCHW',
        logits: 'logits',
      });
    });

    it('computes the logits ONNX Runtime computes, to 1e-4', () => {
      const logits = model.logits(x());
      expect(logits.shape).toEqual([N, 10]);
      expect(maxAbsDiff(logits.dataSync(), reference.logits!.data)).toBeLessThanOrEqual(TOLERANCE);
      logits.dispose();
    });

    it('represents by default the input of the final Gemm, and any layer by value or node name, as ONNX Runtime', () => {
      const rep = model.representation();
      expect([rep.layerName, rep.dim, rep.inputShape]).toEqual([
        expected.representation,
        expected.dim,
        [28, 28, 1],
      ]);
      const [r, logits] = rep.apply(x());
      expect(maxAbsDiff(r.dataSync(), reference[expected.representation]!.data)).toBeLessThanOrEqual(
        TOLERANCE,
      );
      expect(maxAbsDiff(logits.dataSync(), reference.logits!.data)).toBeLessThanOrEqual(TOLERANCE);
      const conv = model.representation(expected.conv);
      const c = conv.represent(x());
      expect(maxAbsDiff(c.dataSync(), reference[conv.layerName]!.data)).toBeLessThanOrEqual(TOLERANCE);
      tf.dispose([r, logits, c]);
    });

    it('leaks no tensor per call, and dispose frees every weight', () => {
      const input = x();
      const rep = model.representation(undefined, { fakeRelu: true });
      const once = () => tf.dispose([model.logits(input), rep.represent(input), ...rep.apply(input)]);
      once();
      const before = tf.memory().numTensors;
      once();
      expect(tf.memory().numTensors).toBe(before);
      const fresh = OnnxModel.fromBytes(bytes, `${name}.onnx`);
      tf.dispose(fresh.logits(input));
      fresh.dispose();
      expect(tf.memory().numTensors).toBe(before);
      input.dispose();
    });
  });
}

describe('fake ReLU (STIR) on an imported model', () => {
  it('keeps the values, passes gradient through units that are off, and refuses a layer without a ReLU', () => {
    const model = OnnxModel.fromBytes(fixture('resnet'), 'resnet.onnx');
    const x = tf.tensor4d(images, [N, 28, 28, 1]);
    const plain = model.representation();
    const fake = model.representation(undefined, { fakeRelu: true });
    const gradient = (rep: typeof plain) =>
      tf.grad((v: tf.Tensor) => tf.sum(tf.mul(rep.represent(v), rep.represent(v))))(x);
    const [a, b] = [plain.represent(x), fake.represent(x)];
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
    const [ga, gb] = [gradient(plain), gradient(fake)];
    expect(maxAbsDiff(ga.dataSync(), gb.dataSync())).toBeGreaterThan(1e-6);
    expect(() => model.representation('logits', { fakeRelu: true })).toThrow(InvalidArgumentError);
    tf.dispose([x, a, b, ga, gb]);
    model.dispose();
  });
});

/** A Keras-style model as tf2onnx writes it: NHWC input, transposes around the conv, softmax output. */
const KERAS_STYLE: GraphSpec = {
  inputs: [{ name: 'image', shape: ['n', 8, 8, 3] }],
  outputs: ['probabilities'],
  nodes: [
    { op: 'Transpose', inputs: ['image'], outputs: ['nchw'], attrs: { perm: [0, 3, 1, 2] } },
    { op: 'Conv', inputs: ['nchw', 'W', 'B'], outputs: ['conv'], attrs: { pads: [1, 1, 1, 1] } },
    { op: 'Relu', inputs: ['conv'], outputs: ['relu'] },
    { op: 'Transpose', inputs: ['relu'], outputs: ['nhwc'], attrs: { perm: [0, 2, 3, 1] } },
    { op: 'Flatten', inputs: ['nhwc'], outputs: ['features'] },
    { op: 'MatMul', inputs: ['features', 'D'], outputs: ['dense'] },
    { op: 'Add', inputs: ['dense', 'C'], outputs: ['logits'] },
    { op: 'Softmax', inputs: ['logits'], outputs: ['probabilities'] },
  ],
  initializers: {
    W: { dims: [4, 3, 3, 3], floats: Array.from({ length: 108 }, (_, i) => Math.sin(i)) },
    B: { dims: [4], floats: [0.1, -0.2, 0.3, 0] },
    D: { dims: [256, 5], floats: Array.from({ length: 1280 }, (_, i) => Math.cos(i) / 10) },
    C: { dims: [5], floats: [0, 0.1, 0.2, 0.3, 0.4] },
  },
};

describe('a Keras-style NHWC model ending in Softmax', () => {
  it('takes NHWC images as they are, uses the softmax input as logits and the MatMul input as representation', async () => {
    const bytes = buildOnnxModel(KERAS_STYLE);
    const model = OnnxModel.fromBytes(bytes, 'keras.onnx');
    expect(model.metadata).toMatchObject({
      inputShape: [8, 8, 3],
      classes: 5,
      representationLayer: 'features',
    });
    expect(model.metadata.details).toMatchObject({ inputLayout: 'NHWC', logits: 'logits' });
    const data = Float32Array.from({ length: 2 * 192 }, (_, i) => (i % 17) / 17);
    const ort = await runOnnxRuntime(bytes, { image: { data, dims: [2, 8, 8, 3] } }, ['logits', 'features']);
    const x = tf.tensor4d(data, [2, 8, 8, 3]);
    const [r, logits] = model.representation().apply(x);
    expect(maxAbsDiff(logits.dataSync(), ort.logits!.data)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(r.dataSync(), ort.features!.data)).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, r, logits]);
    model.dispose();
  });
});

describe('what a user sees for a model SimLab cannot run', () => {
  const base = (nodes: GraphSpec['nodes'], shape: (number | string)[] = ['n', 1, 4, 4]): GraphSpec => ({
    inputs: [{ name: 'X', shape }],
    outputs: ['Y'],
    nodes,
  });

  it('names every unsupported operator with its node and says what to do', () => {
    const bytes = buildOnnxModel(
      base([
        { op: 'Relu', inputs: ['X'], outputs: ['R'] },
        {
          op: 'Einsum',
          inputs: ['R'],
          outputs: ['E'],
          attrs: { equation: 'nchw->nc' },
          name: 'mixer/einsum',
        },
        { op: 'FusedConv', inputs: ['E'], outputs: ['Y'], domain: 'com.microsoft', name: 'ort_fused' },
      ]),
    );
    const error = (() => {
      try {
        OnnxModel.fromBytes(bytes, 'model.onnx');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnsupportedModelError);
    expect(error?.message).toMatch(/Einsum \(node 'mixer\/einsum'\)/);
    expect(error?.message).toMatch(/com\.microsoft\.FusedConv \(node 'ort_fused'\)/);
    expect(error?.message).toMatch(/opset_version=13.*replace the layer.*open an issue/);
  });

  it('refuses a file that is not ONNX', () => {
    expect(() => OnnxModel.fromBytes(new TextEncoder().encode('{"not": "onnx"}'), 'model.json')).toThrow(
      DataFormatError,
    );
  });

  it('refuses an input that is not an image batch', () => {
    const bytes = buildOnnxModel(base([{ op: 'Relu', inputs: ['X'], outputs: ['Y'] }], ['n', 784]));
    expect(() => OnnxModel.fromBytes(bytes, 'mlp.onnx')).toThrow(/input 'X' has rank 2.*\[n, h, w, c\]/);
  });

  it('refuses at load a reshape fixed to batch 1, naming the dynamic batch axis', () => {
    const bytes = buildOnnxModel({
      ...base([{ op: 'Reshape', inputs: ['X', 'shape'], outputs: ['Y'] }]),
      initializers: { shape: { dims: [2], ints: [1, 16] } },
    });
    expect(() => OnnxModel.fromBytes(bytes, 'fixed.onnx')).toThrow(/dynamic_axes/);
  });

  it('names the layers when asked for one that does not exist', () => {
    const model = OnnxModel.fromBytes(fixture('cnn'), 'cnn.onnx');
    expect(() => model.representation('fc9')).toThrow(NotFoundError);
    expect(() => model.representation('fc9')).toThrow(/\/conv1\/Conv_output_0/);
    model.dispose();
  });
});
