/**
 * The contract of one ONNX operator's implementation: ONNX inputs in, ONNX outputs out, as Values (value.ts),
 * built from tfjs-core ops only, so TF.js autograd differentiates every imported model (inversion and PGD take
 * gradients with respect to the input image).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { UnsupportedModelError } from '../../errors.js';
import type { Attributes } from '../attributes.js';
import type { HostTensor } from '../host-tensor.js';
import type { NodeProto } from '../onnx-proto.js';
import { asOnnx, type ConstantCache, type Value } from '../value.js';

export interface OpContext {
  node: NodeProto;
  attrs: Attributes;
  /** Version of the default ONNX opset the model imports (some operators changed between versions). */
  opset: number;
  constants: ConstantCache;
  /** Run this node's ReLU with an identity gradient (STIR's fake ReLU; set on one node by the representation). */
  fakeRelu: boolean;
}

/** Inputs are positional; an omitted optional input (empty name) is undefined. */
export type OpHandler = (inputs: (Value | undefined)[], ctx: OpContext) => Value[];

export function unsupported(ctx: OpContext, what: string): UnsupportedModelError {
  return new UnsupportedModelError(
    `ONNX ${ctx.node.opType} node '${ctx.node.name}' ${what}, which SimLab does not support; export the model ` +
      'without it (another opset, or a plainer layer in the source framework), or open an issue with the model',
  );
}

export function required(inputs: (Value | undefined)[], index: number, ctx: OpContext): Value {
  const v = inputs[index];
  if (!v) throw unsupported(ctx, `lacks its input ${index}`);
  return v;
}

/** An input that must be known without running the network (a shape, axes, pads): a constant or shape arithmetic. */
export function hostInput(inputs: (Value | undefined)[], index: number, ctx: OpContext): HostTensor {
  const v = required(inputs, index, ctx);
  if (v.kind !== 'host')
    throw unsupported(ctx, `computes its input ${index} from image data (a data-dependent shape)`);
  return v.host;
}

export function optionalHost(
  inputs: (Value | undefined)[],
  index: number,
  ctx: OpContext,
): HostTensor | undefined {
  return inputs[index] ? hostInput(inputs, index, ctx) : undefined;
}

/** Input `index` as a tensor in the ONNX layout. */
export function onnxInput(inputs: (Value | undefined)[], index: number, ctx: OpContext): tf.Tensor {
  return asOnnx(required(inputs, index, ctx), ctx.constants);
}

/** Axis in [-rank, rank) to [0, rank). */
export function normaliseAxis(axis: number, rank: number, ctx: OpContext): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= Math.max(rank, 1)) {
    throw unsupported(ctx, `has axis ${axis} for a rank-${rank} input (out of range; is the file corrupt?)`);
  }
  return a;
}

export function allHost(inputs: (Value | undefined)[]): boolean {
  return inputs.every((v) => v === undefined || v.kind === 'host');
}
