/**
 * Operators that move or restate values: Identity, Dropout (inference: identity), Constant, Cast, Pad.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type HostDtype, hostTensor } from '../host-tensor.js';
import { asOnnx, hostValue, logicalShape, tensorValue } from '../value.js';
import { type OpHandler, optionalHost, required, unsupported } from './op.js';

export const identity: OpHandler = (inputs, ctx) => [required(inputs, 0, ctx)];

/** Dropout is the identity in inference mode (SPEC §2); a model exported in training mode is refused. */
export const dropout: OpHandler = (inputs, ctx) => {
  const training = optionalHost(inputs, 2, ctx);
  if (training?.data[0]) throw unsupported(ctx, 'is in training mode; export the model in eval mode');
  return [required(inputs, 0, ctx)];
};

export const constant: OpHandler = (_inputs, ctx) => {
  const a = ctx.attrs;
  const t = a.tensor('value');
  if (t) return [hostValue(t)];
  const floats = a.floats('value_floats');
  if (floats) return [hostValue(hostTensor('float', [floats.length], floats))];
  const ints = a.ints('value_ints');
  if (ints) return [hostValue(hostTensor('int', [ints.length], ints))];
  if (a.has('value_float')) return [hostValue(hostTensor('float', [], [a.float('value_float', 0)]))];
  if (a.has('value_int')) return [hostValue(hostTensor('int', [], [a.int('value_int', 0)]))];
  throw unsupported(ctx, 'holds a sparse or string value');
};

/** ONNX TensorProto.DataType -> SimLab's host dtype (float16/32/64 compute in float32). */
function dtypeOf(code: number): HostDtype | undefined {
  if (code === 1 || code === 10 || code === 11) return 'float';
  if (code === 9) return 'bool';
  if ([2, 3, 4, 5, 6, 7, 12, 13].includes(code)) return 'int';
  return undefined;
}

export const cast: OpHandler = (inputs, ctx) => {
  const v = required(inputs, 0, ctx);
  const to = dtypeOf(ctx.attrs.int('to', 1));
  if (!to) throw unsupported(ctx, `casts to ONNX type ${ctx.attrs.int('to', 1)}`);
  if (v.kind === 'host') {
    const convert =
      to === 'float' ? (x: number) => x : to === 'bool' ? (x: number) => (x ? 1 : 0) : Math.trunc;
    return [hostValue(hostTensor(to, v.host.shape, Array.from(v.host.data, convert)))];
  }
  const dtype = to === 'float' ? 'float32' : to === 'bool' ? 'bool' : 'int32';
  return [tensorValue(v.tensor.dtype === dtype ? v.tensor : tf.cast(v.tensor, dtype), v.nhwc)];
};

/** Pad: pads [x1_begin, x2_begin, ..., x1_end, x2_end, ...]; modes constant and reflect. */
export const pad: OpHandler = (inputs, ctx) => {
  const v = required(inputs, 0, ctx);
  const rank = logicalShape(v).length;
  const mode = ctx.attrs.string('mode', 'constant');
  const pads =
    ctx.opset < 11
      ? ctx.attrs.ints('pads')
      : optionalHost(inputs, 1, ctx) && Array.from(optionalHost(inputs, 1, ctx)!.data);
  const value = ctx.opset < 11 ? ctx.attrs.float('value', 0) : (optionalHost(inputs, 2, ctx)?.data[0] ?? 0);
  if (inputs[3]) throw unsupported(ctx, 'pads selected axes (the axes input of opset 18)');
  if (!pads || pads.length !== 2 * rank)
    throw unsupported(ctx, `has pads [${pads?.join(', ') ?? ''}] for rank ${rank}`);
  if (pads.some((p) => p < 0)) throw unsupported(ctx, `has negative pads [${pads.join(', ')}] (cropping)`);
  const perAxis = Array.from({ length: rank }, (_, i): [number, number] => [pads[i]!, pads[i + rank]!]);
  const nhwc = v.kind === 'tensor' && v.nhwc;
  const x = nhwc ? v.tensor : asOnnx(v, ctx.constants);
  const paddings = nhwc ? [perAxis[0]!, perAxis[2]!, perAxis[3]!, perAxis[1]!] : perAxis;
  if (mode === 'constant') return [tensorValue(tf.pad(x, paddings, value), nhwc)];
  if (mode === 'reflect') return [tensorValue(tf.mirrorPad(x, paddings, 'reflect'), nhwc)];
  throw unsupported(ctx, `has mode '${mode}' (constant and reflect are supported)`);
};
