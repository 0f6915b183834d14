/**
 * The TF.js layers twin of the PyTorch CNN fixture (src/onnx/fixtures/cnn.onnx, scripts/onnx_fixtures.py
 * SmallCnn): the same network and the same weights, built with tfjs-layers as a zoo model is. The ONNX bench
 * inverts both to price the importer; a test checks that they compute the same function.
 *
 *   rescaling (x - mean) / std -> conv3x3-8 same relu -> maxpool2 -> conv3x3-16 same relu -> maxpool2
 *   -> conv3x3/2-16 valid relu -> flatten -> dense-32 relu (representation) -> dense-10 (logits)
 *
 * Weights are copied from the ONNX initializers: conv kernels OIHW -> HWIO, dense kernels transposed, and the
 * first dense layer's rows permuted, because PyTorch flattens [c, h, w] and TF.js [h, w, c].
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../errors.js';
import type { HostTensor } from '../onnx/host-tensor.js';
import type { OnnxModel } from '../onnx/onnx-model.js';

export function createCnnTwin(onnx: OnnxModel): tfl.LayersModel {
  const weight = (name: string): HostTensor => {
    const w = onnx.graph.constantValue(name);
    if (!w)
      throw new InvalidArgumentError(
        `${onnx.metadata.name} has no initializer '${name}'; is it the CNN fixture?`,
      );
    return w;
  };
  const operand = (op: string) => {
    const node = onnx.graph.nodes.find((n) => n.proto.opType === op)!;
    return weight(node.proto.input![1]!).data[0]!;
  };
  const [mean, std] = [operand('Sub'), operand('Div')];
  const conv = (filters: number, strides: number, padding: 'same' | 'valid', name: string) =>
    tfl.layers.conv2d({ filters, kernelSize: 3, strides, padding, activation: 'relu', name });
  const model = tfl.sequential({
    name: 'cnn_twin',
    layers: [
      tfl.layers.inputLayer({ inputShape: [28, 28, 1] }),
      tfl.layers.rescaling({ scale: 1 / std, offset: -mean / std, name: 'normalise' }),
      conv(8, 1, 'same', 'conv1'),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      conv(16, 1, 'same', 'conv2'),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      conv(16, 2, 'valid', 'conv3'), // [n, 3, 3, 16]
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 32, activation: 'relu', name: 'representation' }),
      tfl.layers.dense({ units: 10, name: 'logits' }),
    ],
  });
  const hwio = (name: string) => {
    const w = weight(name);
    return tf.transpose(
      tf.tensor4d(Float32Array.from(w.data), w.shape as [number, number, number, number]),
      [2, 3, 1, 0],
    );
  };
  const vector = (name: string) => tf.tensor1d(Float32Array.from(weight(name).data));
  // fc1.weight [32, 144] with 144 = c * 9 + h * 3 + w (PyTorch) -> kernel [144, 32] with rows (h * 3 + w) * 16 + c.
  const fc1 = weight('fc1.weight');
  const kernel = new Float32Array(144 * 32);
  for (let o = 0; o < 32; o++)
    for (let c = 0; c < 16; c++)
      for (let p = 0; p < 9; p++) kernel[(p * 16 + c) * 32 + o] = fc1.data[o * 144 + c * 9 + p]!;
  const fc2 = weight('fc2.weight');
  const values = [
    hwio('conv1.weight'),
    vector('conv1.bias'),
    hwio('conv2.weight'),
    vector('conv2.bias'),
    hwio('conv3.weight'),
    vector('conv3.bias'),
    tf.tensor2d(kernel, [144, 32]),
    vector('fc1.bias'),
    tf.transpose(tf.tensor2d(Float32Array.from(fc2.data), [10, 32])),
    vector('fc2.bias'),
  ];
  model.setWeights(values);
  tf.dispose(values);
  return model;
}
