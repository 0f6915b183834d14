/**
 * Tiny ONNX models built in TypeScript with the same protobuf schema the importer reads (onnx-proto), for the
 * per-operator tests against ONNX Runtime.
 */
import { onnx } from '../onnx/onnx-proto.js';

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Attribute values: number (int unless `floats` names it), number[], string, or a float tensor. */
  attrs?: Record<string, number | number[] | string | { dims: number[]; floats: number[] }>;
  /** Attributes whose numbers are floats (alpha, epsilon, ...). */
  floats?: string[];
  name?: string;
  domain?: string;
}

export interface GraphSpec {
  inputs: { name: string; shape: (number | string)[] }[];
  outputs: string[];
  nodes: NodeSpec[];
  /** Float initializers ({ dims, floats }) or int64 ones ({ dims, ints }). */
  initializers?: Record<string, { dims: number[]; floats?: number[]; ints?: number[] }>;
  opset?: number;
}

const FLOAT = 1;
const INT64 = 7;

export function buildOnnxModel(spec: GraphSpec): Uint8Array {
  const opset = spec.opset ?? 13;
  const valueInfo = (name: string, shape?: (number | string)[]) => ({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: shape && {
          dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  });
  const model = onnx.ModelProto.create({
    irVersion: opset >= 21 ? 10 : opset >= 19 ? 9 : 8,
    producerName: 'simlab-tests',
    opsetImport: [{ domain: '', version: opset }],
    graph: {
      name: 'test',
      input: spec.inputs.map((i) => valueInfo(i.name, i.shape)),
      output: spec.outputs.map((name) => valueInfo(name)),
      initializer: Object.entries(spec.initializers ?? {}).map(([name, t]) =>
        t.ints
          ? { name, dims: t.dims, dataType: INT64, int64Data: t.ints }
          : { name, dims: t.dims, dataType: FLOAT, floatData: t.floats ?? [] },
      ),
      node: spec.nodes.map((n, k) => ({
        opType: n.op,
        name: n.name ?? `${n.op.toLowerCase()}_${k}`,
        domain: n.domain ?? '',
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([name, v]) => attribute(name, v, n.floats ?? [])),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function attribute(name: string, v: NonNullable<NodeSpec['attrs']>[string], floats: string[]) {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') {
    return floats.includes(name) ? { name, type: T.FLOAT, f: v } : { name, type: T.INT, i: v };
  }
  if (Array.isArray(v)) {
    return floats.includes(name) ? { name, type: T.FLOATS, floats: v } : { name, type: T.INTS, ints: v };
  }
  return { name, type: T.TENSOR, t: { dims: v.dims, dataType: FLOAT, floatData: v.floats } };
}
