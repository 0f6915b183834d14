/**
 * Elementwise ONNX operators: the binary ones with numpy broadcasting (Add, Sub, Mul, Div, Pow) and the
 * activations. All keep an NHWC-stored value NHWC; a broadcast operand is moved into that frame (value.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { fakeRelu } from '../../models/fake-relu.js';
import { type HostTensor, hostBinary, hostTensor } from '../host-tensor.js';
import { asOnnx, broadcastAsNhwc, hostValue, logicalShape, tensorValue, type Value } from '../value.js';
import { type OpContext, type OpHandler, optionalHost, required } from './op.js';

function binary(
  f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  onHost: (x: number, y: number) => number,
): OpHandler {
  return (inputs, ctx) => {
    const a = required(inputs, 0, ctx);
    const b = required(inputs, 1, ctx);
    if (a.kind === 'host' && b.kind === 'host') return [hostValue(hostBinary(a.host, b.host, onHost))];
    const stored = (v: Value) => v.kind === 'tensor' && v.nhwc;
    const inFrame = stored(a) || stored(b);
    if (inFrame && logicalShape(stored(a) ? b : a).length <= 4) {
      const frame = (v: Value) =>
        v.kind === 'tensor' && v.nhwc ? v.tensor : broadcastAsNhwc(v, ctx.constants);
      return [tensorValue(apply(f, frame(a), frame(b)), true)];
    }
    return [tensorValue(apply(f, asOnnx(a, ctx.constants), asOnnx(b, ctx.constants)))];
  };
}

/** Mixed float/int operands (a float tensor times an int64 constant) compute in float32. */
function apply(f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.dtype === b.dtype) return f(a, b);
  return f(tf.cast(a, 'float32'), tf.cast(b, 'float32'));
}

export const add = binary(tf.add, (x, y) => x + y);
export const sub = binary(tf.sub, (x, y) => x - y);
export const mul = binary(tf.mul, (x, y) => x * y);
const divide = binary(tf.div, (x, y) => x / y); // on integers truncated by hostBinary
const reciprocals = new WeakMap<HostTensor, HostTensor>();

/**
 * Div; a tensor divided by a float constant (the std of an input normalisation) is multiplied by the constant's
 * reciprocal instead: the same to 1 ulp, and WASM's broadcasting division (forward and backward) costs several
 * times a multiplication (measured: 15% of an inversion iteration of a small CNN).
 */
export const div: OpHandler = (inputs, ctx) => {
  const [a, b] = inputs;
  if (a?.kind !== 'tensor' || b?.kind !== 'host' || b.host.dtype !== 'float') return divide(inputs, ctx);
  let inverse = reciprocals.get(b.host);
  if (!inverse) {
    inverse = hostTensor(
      'float',
      b.host.shape,
      Array.from(b.host.data, (v) => 1 / v),
    );
    reciprocals.set(b.host, inverse);
    if (ctx.constants.isConstant(b.host)) ctx.constants.register(inverse);
  }
  return mul([a, hostValue(inverse)], ctx);
};
export const pow = binary(tf.pow, (x, y) => x ** y);

/** An activation f applied to input 0, layout kept. */
function unary(f: (x: tf.Tensor, ctx: OpContext, inputs: Parameters<OpHandler>[0]) => tf.Tensor): OpHandler {
  return (inputs, ctx) => {
    const v = required(inputs, 0, ctx);
    const x = v.kind === 'tensor' ? v.tensor : asOnnx(v, ctx.constants);
    return [tensorValue(f(x, ctx, inputs), v.kind === 'tensor' && v.nhwc)];
  };
}

const SQRT1_2 = Math.SQRT1_2;
/** sqrt(2 / pi), of the tanh approximation of GELU (Hendrycks & Gimpel 2016). */
const GELU_TANH_SCALE = Math.sqrt(2 / Math.PI);

export const relu = unary((x, ctx) => (ctx.fakeRelu ? fakeRelu(x) : tf.relu(x)));
export const leakyRelu = unary((x, ctx) => tf.leakyRelu(x, ctx.attrs.float('alpha', 0.01)));
export const sigmoid = unary((x) => tf.sigmoid(x));
export const tanh = unary((x) => tf.tanh(x));
export const erf = unary((x) => tf.erf(x));
export const exp = unary((x) => tf.exp(x));
export const log = unary((x) => tf.log(x));
export const sqrt = unary((x) => tf.sqrt(x));
export const neg = unary((x) => tf.neg(x));
export const abs = unary((x) => tf.abs(x));
export const reciprocal = unary((x) => tf.reciprocal(x));
export const softplus = unary((x) => tf.softplus(x));
export const elu = unary((x, ctx) => {
  const alpha = ctx.attrs.float('alpha', 1);
  return alpha === 1 ? tf.elu(x) : tf.where(tf.greater(x, 0), x, tf.mul(alpha, tf.sub(tf.exp(x), 1)));
});
export const hardSigmoid = unary((x, ctx) =>
  tf.clipByValue(tf.add(tf.mul(x, ctx.attrs.float('alpha', 0.2)), ctx.attrs.float('beta', 0.5)), 0, 1),
);
export const hardSwish = unary((x) => tf.mul(x, tf.clipByValue(tf.add(tf.div(x, 6), 0.5), 0, 1)));

/** Gelu (opset 20): exact 0.5 x (1 + erf(x / sqrt 2)), or the tanh approximation. */
export const gelu = unary((x, ctx) => {
  if (ctx.attrs.string('approximate', 'none') === 'tanh') {
    const inner = tf.mul(GELU_TANH_SCALE, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
  }
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, SQRT1_2))));
});

/** Clip: bounds as attributes before opset 11, as optional constant inputs since. */
export const clip = unary((x, ctx, inputs) => {
  const lo =
    ctx.opset < 11 ? ctx.attrs.float('min', -Infinity) : (optionalHost(inputs, 1, ctx)?.data[0] ?? -Infinity);
  const hi =
    ctx.opset < 11 ? ctx.attrs.float('max', Infinity) : (optionalHost(inputs, 2, ctx)?.data[0] ?? Infinity);
  return tf.clipByValue(x, Math.max(lo, -3.4028234663852886e38), Math.min(hi, 3.4028234663852886e38));
});
