/**
 * The ONNX protobuf schema, decoded by `onnx-proto` (protobufjs code generated from the official onnx.proto,
 * ONNX 1.10; fields added by later ONNX versions are skipped by the decoder and not needed here), and the one
 * conversion of protobuf int64 values (numbers or Long objects) to JS numbers.
 */
import onnxProto from 'onnx-proto';
import { DataFormatError } from '../errors.js';

export const { onnx } = onnxProto;
export type ModelProto = onnxProto.onnx.ModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** An int64 field as protobufjs gives it: a number, or a Long when the `long` package is present. */
export type Int64 = number | { toNumber(): number };

/** int64 -> number; values beyond 2^53 (ONNX's INT64_MAX "to the end" sentinels) stay huge, which is all they mean. */
export function toNumber(value: Int64 | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/**
 * @throws DataFormatError when the bytes are not an ONNX ModelProto with a graph.
 */
export function decodeModel(bytes: Uint8Array, source: string): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new DataFormatError(
      `${source} is not an ONNX model (protobuf decoding failed: ${(error as Error).message}); ` +
        'export it again with torch.onnx.export, tf2onnx or jax2onnx (docs/onnx.md)',
      { cause: error },
    );
  }
  if (!model.graph || (model.graph.node ?? []).length === 0) {
    throw new DataFormatError(
      `${source} decodes as protobuf but holds no ONNX graph (no nodes); is it really a .onnx model file?`,
    );
  }
  return model;
}

/** Opset version of the default ONNX domain ('' or 'ai.onnx'); the ONNX rule: 1 when none is listed. */
export function defaultOpset(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? toNumber(entry.version) : 1;
}
