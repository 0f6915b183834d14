/**
 * An imported ONNX model (PyTorch, Keras via tf2onnx, JAX via jax2onnx) as a SimLab ClassifierModel: logits,
 * representations at any node output, gradients through TF.js autograd, so inversion, PGD and CKA take it
 * wherever they take a TF.js layers model.
 *
 * - Input: SimLab's NHWC images in [0, 1]; an NCHW model gets them through the layout adapter (value.ts).
 *   Normalisation (mean/std) belongs inside the model (SPEC §4).
 * - Logits: the graph's first output; when that is a Softmax (or LogSoftmax), its input.
 * - Representation (SPEC §2): any node output by name (or a node's name for its first output); by default
 *   the input of the last Gemm/MatMul before the logits.
 * - weightsHash: hex SHA-256 of the .onnx file's bytes (the same as `sha256sum model.onnx`): one number any user
 *   can check. Re-exporting the same weights may change it (node names, producer version), which errs on the
 *   side of recomputing rather than reusing a stored result.
 * - parameterCount: scalars in the file's float initializers, batch-norm running statistics included (as
 *   countParameters counts TF.js models).
 *
 * At load the model is run once on a batch of two zero images: every node is checked then, not at the first
 * inversion, and the shape of every layer is known.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UnsupportedModelError } from '../errors.js';
import type { ClassifierMetadata, ClassifierModel } from '../models/classifier.js';
import type { RepresentationModel, RepresentationOptions } from '../models/representation.js';
import { sha256Hex } from '../models/serialize.js';
import { sizeOf } from './host-tensor.js';
import { type ImageInput, type InputLayout, resolveImageInput } from './input-layout.js';
import { OnnxGraph } from './onnx-graph.js';
import { decodeModel, toNumber } from './onnx-proto.js';
import { createOnnxRepresentation } from './onnx-representation.js';
import { asOnnx, tensorValue, type Value } from './value.js';

export interface OnnxModelOptions {
  /** Layout of the model's image input; default: detected (input-layout.ts). */
  inputLayout?: InputLayout;
  /** Name recorded in results; default: the file name without extension, else the graph's name. */
  name?: string;
}

/** A value computed from the image: a candidate representation layer. */
export interface OnnxLayer {
  /** The value's name (a node output). */
  name: string;
  op: string;
  node: string;
  /** ONNX shape for a batch of two images. */
  shape: number[];
}

/** Batch of the load-time trace: 2, so a Reshape that hard-codes batch 1 fails at load, not later. */
const TRACE_BATCH = 2;

export class OnnxModel implements ClassifierModel {
  readonly metadata: ClassifierMetadata;
  readonly layers: readonly OnnxLayer[];
  readonly input: ImageInput;
  readonly logitsName: string;

  private constructor(
    readonly graph: OnnxGraph,
    input: ImageInput,
    logitsName: string,
    layers: OnnxLayer[],
    metadata: ClassifierMetadata,
  ) {
    this.input = input;
    this.logitsName = logitsName;
    this.layers = layers;
    this.metadata = metadata;
  }

  /**
   * @param source the file name, for messages and the default name
   * @throws DataFormatError (not ONNX, corrupt), UnsupportedModelError (operators, input, logits not [b, classes]).
   */
  static fromBytes(bytes: Uint8Array, source: string, options: OnnxModelOptions = {}): OnnxModel {
    const proto = decodeModel(bytes, source);
    const graph = new OnnxGraph(proto, source);
    try {
      if (graph.inputs.length !== 1) {
        throw new UnsupportedModelError(
          `${source} has ${graph.inputs.length} inputs (${graph.inputs.join(', ')}); SimLab feeds one batch of images`,
        );
      }
      const input = resolveImageInput(proto.graph!, graph.inputs[0]!, source, options.inputLayout);
      const logitsName = logitsOf(graph, source);
      const layers = traceLayers(graph, input);
      const logits = layers.find((l) => l.name === logitsName);
      if (logits?.shape.length !== 2 || logits.shape[0] !== TRACE_BATCH) {
        throw new UnsupportedModelError(
          `${source}: output '${logitsName}' has shape [${logits?.shape.join(', ') ?? ''}] for ${TRACE_BATCH} images; ` +
            'SimLab needs logits [batch, classes] as the first graph output',
        );
      }
      const name =
        options.name ??
        (source.endsWith('.onnx') ? basename(source, extname(source)) : proto.graph?.name || source);
      const metadata: ClassifierMetadata = {
        format: 'onnx',
        name,
        inputShape: input.imageShape,
        classes: logits.shape[1]!,
        parameterCount: parameterCount(proto.graph?.initializer ?? []),
        weightsHash: sha256Hex(bytes),
        representationLayer: defaultRepresentation(graph),
        details: {
          opset: graph.opset,
          producer: `${proto.producerName ?? ''} ${proto.producerVersion ?? ''}`.trim(),
          irVersion: toNumber(proto.irVersion),
          inputName: input.name,
          inputLayout: input.layout,
          logits: logitsName,
        },
      };
      return new OnnxModel(graph, input, logitsName, layers, metadata);
    } catch (error) {
      graph.dispose();
      throw error;
    }
  }

  /** The image batch as the graph's input value (NHWC stored; an NCHW model sees its own layout). */
  inputValue(x: tf.Tensor): Value {
    return tensorValue(x, this.input.layout === 'NCHW');
  }

  logits(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const [v] = this.graph.run(this.inputValue(x), [this.logitsName]);
      return asOnnx(v!, this.graph.constants) as tf.Tensor2D;
    });
  }

  representation(layer?: string, options: RepresentationOptions = {}): RepresentationModel {
    return createOnnxRepresentation(this, layer, options);
  }

  layerNames(): string[] {
    return this.layers.map((l) => l.name);
  }

  dispose(): void {
    this.graph.dispose();
  }
}

/**
 * Reads and imports a .onnx file.
 * @throws NotFoundError-like Node errors are wrapped: DataFormatError for an unreadable or non-ONNX file;
 *   UnsupportedModelError as in OnnxModel.fromBytes.
 */
export async function loadOnnxModel(path: string, options: OnnxModelOptions = {}): Promise<OnnxModel> {
  const bytes = await readFile(path);
  return OnnxModel.fromBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path, options);
}

/** The graph's first output, or the input of the Softmax that ends the graph. */
function logitsOf(graph: OnnxGraph, source: string): string {
  const output = graph.outputs[0];
  if (!output)
    throw new UnsupportedModelError(
      `${source} has no graph output; export the model with its logits as output`,
    );
  const producer = graph.producerOf(output);
  if (producer && (producer.opType === 'Softmax' || producer.opType === 'LogSoftmax'))
    return producer.input![0]!;
  return output;
}

function traceLayers(graph: OnnxGraph, input: ImageInput): OnnxLayer[] {
  return tf.tidy(() => {
    const x = tf.zeros([TRACE_BATCH, ...input.imageShape]);
    return graph.trace(tensorValue(x, input.layout === 'NCHW')).map(({ name, node, shape }) => ({
      name,
      op: node.opType ?? '',
      node: node.name ?? '',
      shape,
    }));
  });
}

/** Input of the last Gemm or MatMul computed from the image (SPEC §2), or undefined when there is none. */
function defaultRepresentation(graph: OnnxGraph): string | undefined {
  const dense = graph.nodes.map((n) => n.proto).filter((n) => n.opType === 'Gemm' || n.opType === 'MatMul');
  return dense.at(-1)?.input?.[0];
}

function parameterCount(initializers: { dims?: unknown[] | null; dataType?: number | null }[]): number {
  const FLOATS = new Set([1, 10, 11]);
  return initializers
    .filter((t) => FLOATS.has(t.dataType ?? 0))
    .reduce((n, t) => n + sizeOf((t.dims ?? []).map((d) => toNumber(d as number))), 0);
}
