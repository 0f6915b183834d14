/**
 * Batch normalisation (Ioffe & Szegedy 2015) over every axis but the last (channels-last), with the Keras
 * weights `gamma`, `beta`, `moving_mean`, `moving_variance` and the same update rule as tfjs-layers:
 * moving <- moving - (moving - batch) * (1 - momentum), batch variance biased (divided by n).
 *
 * Why not tfjs-layers' BatchNormalization: core's batch-norm gradient tiles the per-channel statistics to the
 * full input shape, and the WASM Tile kernel is ~40x slower than a broadcast multiply (39 ms for
 * [1,1,1,16] -> [64,14,14,16]): tiles were the largest cost of a ResNet training step, and of every input
 * gradient through batch norm (attacks, inversion). This layer broadcasts; broadcasting gradients are
 * single Sum reductions.
 *
 * `training: true` normalises with the batch statistics and updates the moving averages; otherwise the
 * moving averages are used and nothing changes (SPEC §2: inference mode for attacks, inversion, similarity).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { channelAffine } from '../kernels/channel-affine.js';

export interface BatchNormArgs {
  /** Weight of the old moving average per update. Default 0.99 (Keras); the zoo passes BN_MOMENTUM. */
  momentum?: number;
  /** Added to the variance before the square root. Default 1e-3 (Keras). */
  epsilon?: number;
  name?: string;
}

type Shape = (number | null)[];

export class BatchNorm extends tfl.layers.Layer {
  /** Name under which model.json records the layer; loading a model needs this module imported. */
  static readonly className = 'SimLabBatchNorm';
  private readonly momentum: number;
  private readonly epsilon: number;
  private gamma?: tfl.LayerVariable;
  private beta?: tfl.LayerVariable;
  private movingMean?: tfl.LayerVariable;
  private movingVariance?: tfl.LayerVariable;

  constructor(args: BatchNormArgs = {}) {
    super({ name: args.name });
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const channels = shape[shape.length - 1];
    if (typeof channels !== 'number')
      throw new Error(`${this.name}: the channel axis needs a fixed size, got ${shape}`);
    const weight = (name: string, init: 'ones' | 'zeros', trainable: boolean) =>
      this.addWeight(name, [channels], 'float32', tfl.initializers[init](), undefined, trainable);
    this.gamma = weight('gamma', 'ones', true);
    this.beta = weight('beta', 'zeros', true);
    this.movingMean = weight('moving_mean', 'zeros', false);
    this.movingVariance = weight('moving_variance', 'ones', false);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const gamma = this.gamma!.read();
      const beta = this.beta!.read();
      if (kwargs.training !== true) {
        // y = x * scale + shift, scale and shift [C] from the moving averages.
        const scale = tf.mul(gamma, tf.rsqrt(tf.add(this.movingVariance!.read(), this.epsilon)));
        // One SIMD pass on WASM (kernels/channel-affine.ts), the same multiply-then-add values.
        return channelAffine(x, scale, tf.sub(beta, tf.mul(this.movingMean!.read(), scale)));
      }
      const axes = [...Array(x.rank - 1).keys()]; // all but channels
      const mean = tf.mean(x, axes, true); // [1, ..., 1, C]
      const centred = tf.sub(x, mean);
      const variance = tf.mean(tf.square(centred), axes, true); // biased, as tfjs-layers
      this.updateMovingAverages(tf.reshape(mean, [-1]), tf.reshape(variance, [-1]));
      const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normed, gamma), beta);
    });
  }

  private updateMovingAverages(mean: tf.Tensor, variance: tf.Tensor): void {
    const decay = 1 - this.momentum;
    for (const [variable, value] of [
      [this.movingMean!, mean],
      [this.movingVariance!, variance],
    ] as const) {
      const old = variable.read();
      // An assignment, not an op on the tape: the running statistics get no gradient.
      variable.write(tf.tidy(() => tf.sub(old, tf.mul(tf.sub(old, value), decay))));
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(BatchNorm);
