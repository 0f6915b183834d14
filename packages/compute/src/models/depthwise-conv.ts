/**
 * Depthwise 2-D convolution (one k x k filter per channel, channel multiplier 1, 'same' padding, NHWC) whose
 * gradients are built from ops every TF.js backend has.
 *
 * Why: tfjs-backend-wasm 4.22 registers DepthwiseConv2dNative but neither of its backward kernels
 * (DepthwiseConv2dNativeBackpropInput / ...Filter), so tfjs-layers' DepthwiseConv2D cannot be trained, attacked
 * or inverted on WASM ("Kernel 'DepthwiseConv2dNativeBackpropInput' not registered"). Forward values are the
 * stock depthwiseConv2d's; the tests check both gradients against a dense conv2d with a block-diagonal kernel.
 *
 * Per spatial axis, with xp the padded input, forward: y[a] = sum_i xp[a*s + i] w[i]. Hence
 *   dw[i] = sum_a xp[a*s + i] dy[a]            (xp correlated with dy dilated by s)
 *   dxp[p] = sum_i dyd[p - i] w[i]             (dyd: dy with s - 1 zeros between entries)
 * i.e. dxp is a stride-1 'valid' depthwise convolution of dyd, zero-padded by k - 1, with the flipped filter;
 * dx is dxp without the padding rows and columns.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { depthwiseInputGradient } from '../kernels/depthwise-input-gradient.js';
import { inputGradientScopeRecording } from '../kernels/input-gradient-scope.js';

export interface DepthwiseConvArgs {
  kernelSize: number;
  strides?: number;
  /** Used at build only (weights loaded from a checkpoint replace it). Default Glorot uniform. */
  depthwiseInitializer?: ReturnType<typeof tfl.initializers.glorotUniform>;
  name?: string;
}

type Shape = (number | null)[];

/** depthwiseConv2d(x [n,h,w,c], w [k,k,c,1], stride, 'same') with the gradients described above. */
export function depthwiseConvSame(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  if (inputGradientScopeRecording()) return depthwiseConvInputGradientOnly(x, w, stride);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, filter, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, filter]);
    return {
      value: tf.depthwiseConv2d(input, filter, stride, 'same'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        depthwiseGradients(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, saved[1] as tf.Tensor4D, stride),
    };
  });
  return op(x, w) as tf.Tensor4D;
}

/**
 * The same convolution with a gradient for x alone (w a constant: the input-gradient scope of inversion and
 * attacks), as one SIMD kernel on WASM (kernels/depthwise-input-gradient.ts).
 */
function depthwiseConvInputGradientOnly(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
    save([input]);
    return {
      value: tf.depthwiseConv2d(input, w, stride, 'same'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        depthwiseInputGradient(dy as tf.Tensor4D, w, input.shape, stride, 'same', () =>
          tf.tidy(() => depthwiseGradients(dy as tf.Tensor4D, saved[0] as tf.Tensor4D, w, stride)[0]),
        ),
    };
  });
  return op(x) as tf.Tensor4D;
}

function depthwiseGradients(
  dy: tf.Tensor4D,
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  s: number,
): [tf.Tensor4D, tf.Tensor4D] {
  const [n, h, wd, c] = x.shape;
  const k = w.shape[0];
  const info = tf.backend_util.computeConv2DInfo(x.shape, w.shape, s, 1, 'same', undefined, true);
  const { top, bottom, left, right } = info.padInfo;
  const [oh, ow] = [info.outHeight, info.outWidth];
  const xp = tf.pad(x, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]); // [n, hp, wp, c]
  const [hp, wp] = [h + top + bottom, wd + left + right];

  // 1. filter gradient: a 'valid' depthwise correlation of xp with dy as the filter (dilated by s), the batch
  //    folded into the channels so that one op sums over a, b; then the sum over the batch.
  //    (k strided windows of xp, the direct way, cost ~10x more: WASM's StridedSlice is slow.)
  const xt = tf.reshape(tf.transpose(xp, [1, 2, 0, 3]), [1, hp, wp, n * c]);
  const dyt = tf.reshape(tf.transpose(dy, [1, 2, 0, 3]), [oh, ow, n * c, 1]) as tf.Tensor4D;
  const corr = tf.depthwiseConv2d(xt as tf.Tensor4D, dyt, 1, 'valid', 'NHWC', s); // [1, hp-(oh-1)s, wp-(ow-1)s, n*c]
  const taps = tf.reshape(tf.slice(corr, [0, 0, 0, 0], [1, k, k, n * c]), [k, k, n, c]);
  const dw = tf.reshape(tf.sum(taps, 2), [k, k, c, 1]) as tf.Tensor4D;

  // 2. input gradient: full correlation of the dilated dy with the flipped filter, then crop the padding
  const dyd = dilate(dy, s); // [n, (oh-1)s+1, (ow-1)s+1, c]
  const full = tf.depthwiseConv2d(
    tf.pad(dyd, [
      [0, 0],
      [k - 1, k - 1],
      [k - 1, k - 1],
      [0, 0],
    ]),
    tf.reverse(w, [0, 1]) as tf.Tensor4D,
    1,
    'valid',
  ); // [n, (oh-1)s+k, (ow-1)s+k, c]: rows of xp that received a gradient
  const dxp = tf.pad(full, [
    [0, 0],
    [0, hp - full.shape[1]],
    [0, wp - full.shape[2]],
    [0, 0],
  ]);
  const dx = tf.slice(dxp, [0, top, left, 0], [n, h, wd, c]) as tf.Tensor4D;
  return [dx, dw];
}

/** Inserts s - 1 zeros between neighbouring rows and columns: [n, a, b, c] -> [n, (a-1)s+1, (b-1)s+1, c]. */
function dilate(dy: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return dy;
  const [n, a, b, c] = dy.shape;
  const spread = tf.pad(tf.reshape(dy, [n, a, 1, b, 1, c]), [
    [0, 0],
    [0, 0],
    [0, s - 1],
    [0, 0],
    [0, s - 1],
    [0, 0],
  ]);
  return tf.slice(tf.reshape(spread, [n, a * s, b * s, c]), 0, [
    n,
    (a - 1) * s + 1,
    (b - 1) * s + 1,
    c,
  ]) as tf.Tensor4D;
}

/** Keras-compatible DepthwiseConv2D subset (weight `depthwise_kernel`, no bias) trainable on every backend. */
export class DepthwiseConv extends tfl.layers.Layer {
  /** Name under which model.json records the layer; loading a model needs this module imported. */
  static readonly className = 'SimLabDepthwiseConv2D';
  private readonly kernelSize: number;
  private readonly strides: number;
  private readonly initializer: DepthwiseConvArgs['depthwiseInitializer'];
  private kernel?: tfl.LayerVariable;

  constructor(args: DepthwiseConvArgs) {
    super({ name: args.name });
    this.kernelSize = args.kernelSize;
    this.strides = args.strides ?? 1;
    this.initializer = args.depthwiseInitializer;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const channels = shape[3];
    if (typeof channels !== 'number')
      throw new Error(`${this.name}: the channel axis needs a fixed size, got ${shape}`);
    const k = this.kernelSize;
    const init = this.initializer ?? tfl.initializers.glorotUniform({});
    this.kernel = this.addWeight('depthwise_kernel', [k, k, channels, 1], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const out = (d: number | null) => (d === null ? null : Math.ceil(d / this.strides));
    return [n ?? null, out(h ?? null), out(w ?? null), c ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      return depthwiseConvSame(x, this.kernel!.read() as tf.Tensor4D, this.strides);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), kernelSize: this.kernelSize, strides: this.strides };
  }
}

tf.serialization.registerClass(DepthwiseConv);
