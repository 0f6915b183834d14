/**
 * The architecture zoo: one entry per family, each small enough (tens of thousands of parameters) that the
 * 18-model zoo (6 architectures x 3 training eps) commits to a few MB and trains on a laptop CPU.
 *
 * | id        | params (28x28x1, 10 classes) | representation                      |
 * |-----------|------------------------------|-------------------------------------|
 * | mlp       | 55,050                       | 64  (2nd hidden layer, ReLU)        |
 * | lenet     | 61,706                       | 84  (fc2, ReLU)                     |
 * | vgg       | 37,186                       | 64  (fc1, ReLU)                     |
 * | resnet    | 78,426                       | 64  (global average pool)           |
 * | mobilenet | 38,346                       | 128 (global average pool)           |
 * | mixer     | 41,964                       | 64  (LayerNorm + pool over tokens)  |
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageShape } from '../data/validate.js';
import { NotFoundError } from '../errors.js';
import type { Architecture } from './architecture.js';
import { buildLenet, LENET_MIN_INPUT } from './lenet.js';
import { buildMixer } from './mixer.js';
import { buildMlp } from './mlp.js';
import { buildMobilenet } from './mobilenet.js';
import { buildResnet } from './resnet.js';
import { buildVgg } from './vgg.js';

const shape = (inputShape: ImageShape, classes: number, seed: number) => ({ inputShape, classes, seed });

export const architectures: readonly Architecture[] = [
  {
    id: 'mlp',
    family: 'mlp',
    description: 'MLP: flatten, two Dense+ReLU layers of 64, logits',
    representationSize: 64,
    minInputSize: 1,
    build: (inputShape, classes, seed) => buildMlp(shape(inputShape, classes, seed)),
  },
  {
    id: 'lenet',
    family: 'lenet',
    description: 'LeNet-5: conv5x5(6)-pool-conv5x5(16)-pool, Dense 120, Dense 84, logits (ReLU, max pooling)',
    representationSize: 84,
    minInputSize: LENET_MIN_INPUT,
    build: (inputShape, classes, seed) => buildLenet(shape(inputShape, classes, seed)),
  },
  {
    id: 'vgg',
    family: 'vgg',
    description: 'VGG-style: 3x3 conv stacks [8,8], [16,16], [32,32] with max pooling, Dense 64, logits',
    representationSize: 64,
    minInputSize: 8,
    build: (inputShape, classes, seed) => buildVgg(shape(inputShape, classes, seed)),
  },
  {
    id: 'resnet',
    family: 'resnet',
    description:
      'ResNet: strided 3x3 stem, basic blocks of 16, 32, 64 filters with batch norm, global pool, logits',
    representationSize: 64,
    minInputSize: 1,
    build: (inputShape, classes, seed) => buildResnet(shape(inputShape, classes, seed)),
  },
  {
    id: 'mobilenet',
    family: 'mobilenet',
    description:
      'MobileNet v1-style: strided stem, 5 depthwise separable blocks (ReLU) up to 128 filters, global pool',
    representationSize: 128,
    minInputSize: 1,
    build: (inputShape, classes, seed) => buildMobilenet(shape(inputShape, classes, seed)),
  },
  {
    id: 'mixer',
    family: 'mixer',
    description:
      'MLP-Mixer: 4x4 patches embedded to 64 channels, 2 token/channel-mixing blocks, pool, logits',
    representationSize: 64,
    minInputSize: 4,
    build: (inputShape, classes, seed) => buildMixer(shape(inputShape, classes, seed)),
  },
];

/** @throws NotFoundError naming the known ids. */
export function getArchitecture(id: string): Architecture {
  const found = architectures.find((a) => a.id === id);
  if (!found) {
    throw new NotFoundError(
      `unknown architecture ${JSON.stringify(id)}; known: ${architectures.map((a) => a.id).join(', ')}`,
    );
  }
  return found;
}

/** Number of scalars in all weights, trainable or not (batch-norm running statistics included, as in Keras). */
export function countParameters(model: tfl.LayersModel): number {
  return model.weights.reduce((sum, w) => sum + w.shape.reduce((p: number, d) => p * (d ?? 1), 1), 0);
}
