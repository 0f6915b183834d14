/**
 * Shape and indexing operators: Shape, Gather, Unsqueeze, Squeeze, Concat, Reshape (0 and -1), Flatten,
 * Transpose, Slice, ConstantOfShape. Each works on host values (shape arithmetic: torch.onnx.export's
 * `x.view(x.size(0), -1)` is Shape -> Gather -> Unsqueeze -> Concat -> Reshape) and on tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type HostTensor, hostTensor, sizeOf } from '../host-tensor.js';
import { asOnnx, hostValue, logicalShape, tensorValue, type Value } from '../value.js';
import {
  allHost,
  hostInput,
  normaliseAxis,
  type OpContext,
  type OpHandler,
  optionalHost,
  required,
  unsupported,
} from './op.js';

/** NCHW axis -> the same axis of the NHWC-stored tensor. */
const NHWC_AXIS = [0, 3, 1, 2];

/** A value with a new shape and the same row-major data. */
function reshaped(v: Value, shape: number[], ctx: OpContext): Value {
  if (v.kind === 'host') return hostValue({ ...v.host, shape });
  return tensorValue(tf.reshape(asOnnx(v, ctx.constants), shape));
}

export const shape: OpHandler = (inputs, ctx) => {
  const s = logicalShape(required(inputs, 0, ctx));
  const clamp = (i: number) => Math.min(s.length, Math.max(0, i < 0 ? i + s.length : i));
  const dims = s.slice(clamp(ctx.attrs.int('start', 0)), clamp(ctx.attrs.int('end', s.length)));
  return [hostValue(hostTensor('int', [dims.length], dims))];
};

export const gather: OpHandler = (inputs, ctx) => {
  const data = required(inputs, 0, ctx);
  const indices = hostInput(inputs, 1, ctx);
  const s = logicalShape(data);
  const axis = normaliseAxis(ctx.attrs.int('axis', 0), s.length, ctx);
  const idx = Array.from(indices.data, (i) => (i < 0 ? i + s[axis]! : i));
  const out = [...s.slice(0, axis), ...indices.shape, ...s.slice(axis + 1)];
  if (data.kind === 'host') {
    const inner = sizeOf(s.slice(axis + 1));
    const outer = sizeOf(s.slice(0, axis));
    const values: number[] = [];
    for (let o = 0; o < outer; o++) {
      for (const i of idx) {
        for (let k = 0; k < inner; k++) values.push(data.host.data[(o * s[axis]! + i) * inner + k]!);
      }
    }
    return [hostValue(hostTensor(data.host.dtype, out, values))];
  }
  const picked = tf.gather(asOnnx(data, ctx.constants), tf.tensor1d(idx, 'int32'), axis);
  return [tensorValue(tf.reshape(picked, out))];
};

/** Axes from the attribute (before opset 13) or from input 1 (since). */
function axesOf(inputs: (Value | undefined)[], ctx: OpContext): number[] | undefined {
  if (ctx.opset < 13) return ctx.attrs.ints('axes');
  const axes = optionalHost(inputs, 1, ctx);
  return axes ? Array.from(axes.data) : undefined;
}

export const unsqueeze: OpHandler = (inputs, ctx) => {
  const v = required(inputs, 0, ctx);
  const s = logicalShape(v);
  const axes = axesOf(inputs, ctx) ?? [];
  const rank = s.length + axes.length;
  const inserted = new Set(axes.map((a) => normaliseAxis(a, rank, ctx)));
  const rest = [...s];
  const out = Array.from({ length: rank }, (_, i) => (inserted.has(i) ? 1 : rest.shift()!));
  return [reshaped(v, out, ctx)];
};

export const squeeze: OpHandler = (inputs, ctx) => {
  const v = required(inputs, 0, ctx);
  const s = logicalShape(v);
  const given = axesOf(inputs, ctx);
  const axes = new Set(
    given ? given.map((a) => normaliseAxis(a, s.length, ctx)) : s.flatMap((d, i) => (d === 1 ? [i] : [])),
  );
  return [
    reshaped(
      v,
      s.filter((_, i) => !axes.has(i)),
      ctx,
    ),
  ];
};

export const concat: OpHandler = (inputs, ctx) => {
  const values = inputs.filter((v): v is Value => v !== undefined);
  const rank = logicalShape(values[0]!).length;
  const axis = normaliseAxis(ctx.attrs.int('axis', 0), rank, ctx);
  if (allHost(values))
    return [
      hostValue(
        concatHost(
          values.map((v) => (v as { host: HostTensor }).host),
          axis,
        ),
      ),
    ];
  if (values.every((v) => v.kind === 'tensor' && v.nhwc)) {
    return [
      tensorValue(
        tf.concat(
          values.map((v) => (v as { tensor: tf.Tensor }).tensor),
          NHWC_AXIS[axis],
        ),
        true,
      ),
    ];
  }
  const tensors = values.map((v) => asOnnx(v, ctx.constants));
  const dtype = tensors[0]!.dtype;
  return [
    tensorValue(
      tf.concat(
        tensors.map((t) => (t.dtype === dtype ? t : tf.cast(t, dtype))),
        axis,
      ),
    ),
  ];
};

function concatHost(parts: HostTensor[], axis: number): HostTensor {
  const first = parts[0]!;
  const outer = sizeOf(first.shape.slice(0, axis));
  const values: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const chunk = sizeOf(p.shape.slice(axis));
      for (let k = 0; k < chunk; k++) values.push(p.data[o * chunk + k]!);
    }
  }
  const shape = [...first.shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis]!, 0);
  return hostTensor(first.dtype, shape, values);
}

export const reshape: OpHandler = (inputs, ctx) => {
  const v = required(inputs, 0, ctx);
  const s = logicalShape(v);
  const allowZero = ctx.attrs.int('allowzero', 0) === 1;
  // 0 copies the input's dimension (unless allowzero); one -1 takes whatever size is left.
  const target = Array.from(hostInput(inputs, 1, ctx).data, (d, i) => (d === 0 && !allowZero ? s[i]! : d));
  const known = target.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  const size = sizeOf(s);
  const out = target.map((d) => (d === -1 ? size / known : d));
  if (sizeOf(out) !== size || out.some((d) => !Number.isInteger(d))) {
    throw unsupported(
      ctx,
      `reshapes [${s.join(', ')}] to [${target.join(', ')}] (sizes differ: a shape fixed at export, e.g. batch 1 ` +
        "without dynamic_axes={'input': {0: 'batch'}}, or a model for another image size?)",
    );
  }
  return [reshaped(v, out, ctx)];
};

export const flatten: OpHandler = (inputs, ctx) => {
  const v = required(inputs, 0, ctx);
  const s = logicalShape(v);
  const axis = ctx.attrs.int('axis', 1);
  const a = axis < 0 ? axis + s.length : axis;
  return [reshaped(v, [sizeOf(s.slice(0, a)), sizeOf(s.slice(a))], ctx)];
};

export const transpose: OpHandler = (inputs, ctx) => {
  const v = required(inputs, 0, ctx);
  const rank = logicalShape(v).length;
  const perm = ctx.attrs.ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const is = (p: number[]) => perm.length === 4 && perm.every((a, i) => a === p[i]);
  // NCHW -> NHWC of a value stored NHWC is the stored tensor itself; NHWC -> NCHW (tf2onnx's transpose after a
  // Keras model's input) makes a value stored NHWC. Neither moves any data.
  if (v.kind === 'tensor' && v.nhwc && is([0, 2, 3, 1])) return [tensorValue(v.tensor)];
  if (v.kind === 'tensor' && !v.nhwc && is([0, 3, 1, 2])) return [tensorValue(v.tensor, true)];
  return [tensorValue(tf.transpose(asOnnx(v, ctx.constants), perm))];
};

/** Slice (opset >= 10: starts, ends, axes, steps as inputs; before: attributes). */
export const slice: OpHandler = (inputs, ctx) => {
  const v = required(inputs, 0, ctx);
  const s = logicalShape(v);
  const list = (i: number, attr: string) =>
    ctx.opset < 10
      ? ctx.attrs.ints(attr)
      : optionalHost(inputs, i, ctx) && Array.from(hostInput(inputs, i, ctx).data);
  const starts = list(1, 'starts') ?? [];
  const ends = list(2, 'ends') ?? [];
  const axes = (list(3, 'axes') ?? starts.map((_, i) => i)).map((a) => normaliseAxis(a, s.length, ctx));
  const steps = (ctx.opset < 10 ? undefined : list(4, 'steps')) ?? starts.map(() => 1);
  const begin = s.map(() => 0);
  const end = [...s];
  const stride = s.map(() => 1);
  axes.forEach((axis, k) => {
    const dim = s[axis]!;
    const step = steps[k]!;
    if (step <= 0) throw unsupported(ctx, `has step ${step} (only positive steps are supported)`);
    const clamp = (i: number) => Math.min(dim, Math.max(0, i < 0 ? i + dim : i));
    begin[axis] = clamp(starts[k]!);
    end[axis] = clamp(ends[k]!);
    stride[axis] = step;
  });
  const out = s.map((_, i) => Math.max(0, Math.ceil((end[i]! - begin[i]!) / stride[i]!)));
  if (v.kind === 'host' && s.length === 1) {
    const values = Array.from({ length: out[0]! }, (_, i) => v.host.data[begin[0]! + i * stride[0]!]!);
    return [hostValue(hostTensor(v.host.dtype, out, values))];
  }
  return [tensorValue(tf.stridedSlice(asOnnx(v, ctx.constants), begin, end, stride))];
};

export const constantOfShape: OpHandler = (inputs, ctx) => {
  const shape = Array.from(hostInput(inputs, 0, ctx).data);
  const fill = ctx.attrs.tensor('value') ?? hostTensor('float', [1], [0]);
  return [hostValue(hostTensor(fill.dtype, shape, new Array<number>(sizeOf(shape)).fill(fill.data[0] ?? 0)))];
};
