/**
 * Representations of an imported ONNX model (SPEC §2): a node output, flattened per image in the ONNX layout
 * (so a conv layer's units are ordered as in PyTorch), in inference mode. The optional fake ReLU (STIR) replaces
 * the gradient of the Relu that ends the representation, past layers that commute with it (flatten, reshape,
 * identity, dropout, average pooling), as models/fake-relu.ts does for TF.js layers models.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { RepresentationModel, RepresentationOptions } from '../models/representation.js';
import type { OnnxGraph } from './onnx-graph.js';
import type { OnnxLayer } from './onnx-model.js';
import { asOnnx, type Value } from './value.js';

const PASSTHROUGH = new Set([
  'Flatten',
  'Reshape',
  'Identity',
  'Dropout',
  'GlobalAveragePool',
  'AveragePool',
]);

/** What a representation needs of the model (OnnxModel provides it). */
export interface OnnxRepresentationSource {
  readonly graph: OnnxGraph;
  readonly layers: readonly OnnxLayer[];
  readonly logitsName: string;
  readonly metadata: { name: string; inputShape: [number, number, number]; representationLayer?: string };
  inputValue(x: tf.Tensor): Value;
}

/**
 * @param layerName a value name, or a node name (its first output); default the input of the last Gemm/MatMul.
 * @throws NotFoundError for an unknown name (the message lists the layers); InvalidArgumentError when there is
 *   no default, the layer is not per-image, or fakeRelu finds no ReLU.
 */
export function createOnnxRepresentation(
  model: OnnxRepresentationSource,
  layerName: string | undefined,
  options: RepresentationOptions,
): RepresentationModel {
  const layer = findLayer(model, layerName);
  const [batch, ...unit] = layer.shape;
  const dim = unit.reduce((p, d) => p * d, 1);
  if (batch !== 2 || unit.length === 0) {
    throw new InvalidArgumentError(
      `layer '${layer.name}' of model '${model.metadata.name}' has shape [${layer.shape.join(', ')}] for 2 images, ` +
        'not one row per image; choose a layer computed per image',
    );
  }
  const fakeRelu = options.fakeRelu ? finalRelu(model, layer) : undefined;
  const run = (x: tf.Tensor, names: string[]) =>
    model.graph.run(model.inputValue(x), names, { fakeRelu }).map((v) => asOnnx(v, model.graph.constants));
  const flatten = (t: tf.Tensor) => tf.reshape(t, [t.shape[0]!, dim]) as tf.Tensor2D;
  return {
    layerName: layer.name,
    inputShape: [...model.metadata.inputShape],
    dim,
    fakeRelu: options.fakeRelu ?? false,
    represent: (x) => tf.tidy(() => flatten(run(x, [layer.name])[0]!)),
    apply: (x) =>
      tf.tidy(() => {
        const [r, logits] = run(x, [layer.name, model.logitsName]);
        return [flatten(r!), logits as tf.Tensor2D];
      }),
  };
}

function findLayer(model: OnnxRepresentationSource, name: string | undefined): OnnxLayer {
  const wanted = name ?? model.metadata.representationLayer;
  if (wanted === undefined) {
    throw new InvalidArgumentError(
      `model '${model.metadata.name}' has no Gemm or MatMul before its logits, so it has no default ` +
        `representation; name a layer (one of ${names(model)})`,
    );
  }
  const layer = model.layers.find((l) => l.name === wanted) ?? model.layers.find((l) => l.node === wanted);
  if (!layer) {
    throw new NotFoundError(
      `model '${model.metadata.name}' has no layer '${wanted}'; its layers are ${names(model)}`,
    );
  }
  return layer;
}

/** Output name of the Relu whose output (past pass-through ops) is the representation. */
function finalRelu(model: OnnxRepresentationSource, layer: OnnxLayer): string {
  let name = layer.name;
  for (;;) {
    const node = model.graph.producerOf(name);
    if (node?.opType === 'Relu') return name;
    if (!node || !PASSTHROUGH.has(node.opType ?? '')) {
      throw new InvalidArgumentError(
        `fakeRelu needs a representation that ends in a ReLU, but layer '${layer.name}' comes from ` +
          `${node ? `${node.opType} node '${node.name}'` : 'the input'}; choose another layer or turn fakeRelu off`,
      );
    }
    name = node.input![0]!;
  }
}

function names(model: OnnxRepresentationSource): string {
  return model.layers.map((l) => l.name).join(', ');
}
