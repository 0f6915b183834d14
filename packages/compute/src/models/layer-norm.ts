/**
 * Layer normalisation (Ba et al. 2016) over the last axis, with learned gamma and beta per channel.
 *
 * Why not tfjs-layers' LayerNormalization: it tiles mean, variance, gamma and beta to the input's full shape
 * (a workaround noted in its source, tfjs issue 2120) and core's Tile gradient is one Slice + Add per
 * repetition, so the backward pass of a Mixer block ran ~3,000 Slice kernels: 35 s per batch of 64 on WASM.
 * This layer broadcasts instead; broadcasting gradients are single Sum reductions. Same maths, same weight names
 * (`gamma`, `beta`) and default epsilon (1e-3) as the Keras layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { inputGradientScopeRecording } from '../kernels/input-gradient-scope.js';
import { layerNormInputGradientOnly } from '../kernels/layer-norm-op.js';

export interface LayerNormArgs {
  /** Added to the variance before the square root. Default 1e-3 (Keras). */
  epsilon?: number;
  name?: string;
}

type Shape = (number | null)[];

export class LayerNorm extends tfl.layers.Layer {
  /** Name under which model.json records the layer; loading a model needs this module imported. */
  static readonly className = 'SimLabLayerNorm';
  private readonly epsilon: number;
  private gamma?: tfl.LayerVariable;
  private beta?: tfl.LayerVariable;

  constructor(args: LayerNormArgs = {}) {
    super({ name: args.name });
    this.epsilon = args.epsilon ?? 1e-3;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const channels = shape[shape.length - 1];
    if (typeof channels !== 'number')
      throw new Error(`${this.name}: the last axis needs a fixed size, got ${shape}`);
    this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (inputGradientScopeRecording()) {
        // Input gradients only (inversion, attacks): one fused op each way (kernels/layer-norm-op.ts).
        const fused = layerNormInputGradientOnly(x, this.gamma!.read(), this.beta!.read(), this.epsilon);
        if (fused) return fused;
      }
      const axis = x.rank - 1;
      const centred = tf.sub(x, tf.mean(x, axis, true)); // [..., C]
      const variance = tf.mean(tf.square(centred), axis, true); // [..., 1]
      const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normed, this.gamma!.read()), this.beta!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(LayerNorm);
