/**
 * A scope for gradients with respect to a model's input only (inversion, attacks): inside
 * `withInputGradientScope(fn)`, while a gradient tape records, layers compute with ops that skip what such a
 * gradient does not need. Values equal the plain ops' to float32 rounding (tests beside each op).
 *
 * - tf.fused.conv2d and tf.fused.matMul (every tfjs-layers Conv2D and Dense) run their single fused kernel
 *   (FusedConv2D, _FusedMatMul), recorded with gradients registered here, which TF.js evaluates per input and
 *   only for inputs on the path being differentiated. Stock TF.js instead splits a ReLU conv into conv +
 *   broadcasting bias add + relu under a gradient, and keeps linear ones fused with a custom gradient that
 *   computes the filter and bias gradients eagerly (on the zoo's ResNet a third of an inversion iteration, for
 *   gradients nobody reads). Weight gradients, when asked for, are still right (same formulas as tfjs-core).
 * - Relu's gradient is one SIMD masking kernel (relu-mask.ts) instead of step + multiply.
 * - tfjs-layers' 'gelu' activation is one op with a SIMD gradient (gelu.ts).
 * - SimLab layers ask `inputGradientScopeRecording()` and then treat their weights as constants: LayerNorm
 *   (layer-norm-op.ts) and DepthwiseConv (depthwise-input-gradient.ts). Inside the scope their weights get no
 *   gradient at all: do not ask for one there.
 *
 * tfjs-layers reads tf.fused and the 'gelu' class on every call, so routing them through this scope is a
 * change to those two objects, made once (`installInputGradientScope`); outside the scope they behave as before.
 * Only linear and ReLU activations in NHWC without dilation, on 4-D (conv) or 2-D (matMul) tensors, take the
 * fused path; everything else goes to the stock op.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedGelu } from './gelu.js';
import { reluMask } from './relu-mask.js';

type FusedConv2dArgs = Parameters<typeof tf.fused.conv2d>[0];
type FusedMatMulArgs = Parameters<typeof tf.fused.matMul>[0];

interface FusedOps {
  conv2d: (args: FusedConv2dArgs) => tf.Tensor;
  matMul: (args: FusedMatMulArgs) => tf.Tensor;
}

/** tfjs-core's `fused` namespace object, which tfjs-layers reads its ops from on every call. */
const fused = tf.fused as unknown as FusedOps;
const stock: FusedOps = { conv2d: fused.conv2d, matMul: fused.matMul };

let depth = 0;
let installed: boolean | undefined;

/**
 * Runs `fn` (which records a gradient with respect to inputs, not weights) in the scope described above.
 * Synchronous `fn` only: the scope ends when it returns.
 */
export function withInputGradientScope<T>(fn: () => T): T {
  installInputGradientScope();
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/**
 * Registers the gradients and routes tf.fused.conv2d / matMul, Relu's gradient and 'gelu' through the scope
 * check (idempotent).
 * @returns false when tfjs-core's `fused` object cannot be changed (an ES module build): the stock fused ops run.
 */
export function installInputGradientScope(): boolean {
  if (installed !== undefined) return installed;
  for (const config of [fusedConv2dGradient, fusedMatMulGradient]) {
    if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
  }
  const relu = tf.getGradient('Relu');
  if (relu) tf.registerGradient(scopedReluGradient(relu));
  scopeGelu();
  try {
    fused.conv2d = (args) => (recording() && convFusable(args) ? fusedConv2d(args) : stock.conv2d(args));
    fused.matMul = (args) => (recording() && matMulFusable(args) ? fusedMatMul(args) : stock.matMul(args));
    installed = fused.conv2d !== stock.conv2d;
  } catch {
    installed = false; // a frozen module namespace
  }
  return installed;
}

/**
 * Inside withInputGradientScope while a gradient tape records: layers may then compute with ops whose gradient
 * reaches their input only (their weights are constants of the scope).
 */
export function inputGradientScopeRecording(): boolean {
  return recording();
}

/** Inside withInputGradientScope and while a gradient tape records. */
function recording(): boolean {
  return depth > 0 && (tf.engine().state as unknown as { gradientDepth: number }).gradientDepth > 0;
}

const ACTIVATIONS = new Set(['linear', 'relu']);

function float32(t: unknown, rank?: number): t is tf.Tensor {
  return t instanceof tf.Tensor && t.dtype === 'float32' && (rank === undefined || t.rank === rank);
}

function convFusable(a: FusedConv2dArgs): boolean {
  const dilations = a.dilations ?? [1, 1];
  return (
    float32(a.x, 4) &&
    float32(a.filter, 4) &&
    (a.bias == null || (float32(a.bias, 1) && a.bias.shape[0] === a.filter.shape[3])) &&
    ACTIVATIONS.has(a.activation ?? 'linear') &&
    a.preluActivationWeights == null &&
    (a.dataFormat ?? 'NHWC') === 'NHWC' &&
    (typeof dilations === 'number' ? dilations === 1 : dilations.every((d) => d === 1))
  );
}

function matMulFusable(a: FusedMatMulArgs): boolean {
  return (
    float32(a.a, 2) &&
    float32(a.b, 2) &&
    (a.bias == null || (float32(a.bias, 1) && a.bias.shape[0] === a.b.shape[a.transposeB ? 0 : 1])) &&
    ACTIVATIONS.has(a.activation ?? 'linear') &&
    a.preluActivationWeights == null
  );
}

function fusedConv2d(a: FusedConv2dArgs): tf.Tensor {
  const inputs: tf.NamedTensorMap = { x: a.x as tf.Tensor, filter: a.filter as tf.Tensor };
  if (a.bias != null) inputs.bias = a.bias as tf.Tensor;
  const attrs = {
    strides: a.strides,
    pad: a.pad,
    dataFormat: 'NHWC',
    dilations: [1, 1],
    dimRoundingMode: a.dimRoundingMode,
    activation: a.activation ?? 'linear',
  };
  return tf.engine().runKernel('FusedConv2D', inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** [m, k] x [k, n] as the [1, m, k] x [1, k, n] the kernel takes. */
function fusedMatMul(a: FusedMatMulArgs): tf.Tensor {
  const left = a.a as tf.Tensor2D;
  const right = a.b as tf.Tensor2D;
  return tf.tidy(() => {
    const inputs: tf.NamedTensorMap = {
      a: tf.reshape(left, [1, ...left.shape]),
      b: tf.reshape(right, [1, ...right.shape]),
    };
    if (a.bias != null) inputs.bias = a.bias as tf.Tensor;
    const attrs = {
      transposeA: a.transposeA ?? false,
      transposeB: a.transposeB ?? false,
      activation: a.activation ?? 'linear',
    };
    const out = tf
      .engine()
      .runKernel('_FusedMatMul', inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor3D;
    return tf.reshape(out, out.shape.slice(1));
  });
}

/** dy through the fused activation: dy for linear, dy * step(y) for ReLU (as tfjs-core's fused gradients). */
function throughActivation(dy: tf.Tensor, y: tf.Tensor, activation: unknown): tf.Tensor {
  return activation === 'relu' ? reluMask(dy, y) : dy;
}

/** tfjs-layers' 'gelu' activation as one fused op (gelu.ts) inside the scope, its own four ops outside. */
function scopeGelu(): void {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.gelu as unknown as
    | [{ prototype: { apply: (x: tf.Tensor) => tf.Tensor } }]
    | undefined;
  const proto = entry?.[0].prototype;
  if (!proto) return; // tfjs-layers not loaded: no gelu to scope
  const stockApply = proto.apply;
  proto.apply = function (this: unknown, x: tf.Tensor) {
    return (recording() && fusedGelu(x)) || stockApply.call(this, x);
  };
}

/** Relu's gradient as one masking kernel inside the scope, the registered one outside it. */
function scopedReluGradient(stockConfig: tf.GradConfig): tf.GradConfig {
  return {
    ...stockConfig,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) =>
      depth > 0 ? { x: () => reluMask(dy as tf.Tensor, saved[0]!) } : stockConfig.gradFunc(dy, saved, attrs),
  };
}

const fusedConv2dGradient: tf.GradConfig = {
  kernelName: 'FusedConv2D',
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, dataFormat, dimRoundingMode, activation } = attrs as unknown as tf.FusedConv2DAttrs;
    // Computed once, outside the per-input scopes TF.js disposes after each input's gradient.
    const g = throughActivation(dy as tf.Tensor, y, activation);
    const common = { strides, pad, dataFormat, dimRoundingMode };
    return {
      x: () =>
        tf.engine().runKernel('Conv2DBackpropInput', { dy: g, filter }, {
          ...common,
          inputShape: x.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      filter: () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: g }, {
          ...common,
          filterShape: filter.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      bias: () => tf.sum(g, [0, 1, 2]),
    };
  },
};

const fusedMatMulGradient: tf.GradConfig = {
  kernelName: '_FusedMatMul',
  inputsToSave: ['a', 'b'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [a, b, y] = saved as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
    const { transposeA, transposeB, activation } = attrs as unknown as {
      transposeA: boolean;
      transposeB: boolean;
      activation: string;
    };
    const g = throughActivation(dy as tf.Tensor, y, activation);
    // The derivatives of op(a) op(b) for each transpose case, as tfjs-core's BatchMatMul gradient.
    const [da, db] = !transposeA
      ? !transposeB
        ? [() => tf.matMul(g, b, false, true), () => tf.matMul(a, g, true, false)]
        : [() => tf.matMul(g, b, false, false), () => tf.matMul(g, a, true, false)]
      : !transposeB
        ? [() => tf.matMul(b, g, false, true), () => tf.matMul(a, g, false, false)]
        : [() => tf.matMul(b, g, true, true), () => tf.matMul(g, a, true, true)];
    return { a: da, b: db, bias: () => tf.sum(g, [0, 1]) };
  },
};
