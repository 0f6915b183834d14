import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend.js';
import { installFastKernels, uninstallFastKernels } from '../src/kernels/install-fast-kernels.js';
await initBackend({ prefer: 'wasm' });
const time = (f: () => tf.Tensor, n = 25) => { for (let i = 0; i < 3; i++) f().dispose(); const ts: number[] = []; for (let i = 0; i < n; i++) { const t = performance.now(); const r = f(); r.dataSync(); r.dispose(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); return `${ts[0]!.toFixed(2)}/${ts[n >> 1]!.toFixed(2)}`; };
const x1 = tf.relu(tf.randomNormal([32, 26, 26, 32]));
const y1 = tf.maxPool(x1 as tf.Tensor4D, 2, 2, 'valid');
const dy1 = tf.randomNormal(y1.shape);
const dyc1 = tf.randomNormal([32, 26, 26, 32]);
const w1 = tf.randomNormal([3, 3, 1, 32]);
const dyc2 = tf.randomNormal([32, 11, 11, 64]);
const w2 = tf.randomNormal([3, 3, 32, 64]);
const xin = tf.randomNormal([32, 28, 28, 1]);
const x2 = tf.randomNormal([32, 13, 13, 32]);
const run = (label: string) => {
  console.log(label,
    'maxPoolGrad', time(() => tf.engine().runKernel('MaxPoolGrad', { dy: dy1, input: x1, output: y1 }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor),
    'bpi1', time(() => tf.conv2dTranspose(dyc1 as tf.Tensor4D, w1 as tf.Tensor4D, [32, 28, 28, 1], 1, 'valid')),
    'bpi2', time(() => tf.conv2dTranspose(dyc2 as tf.Tensor4D, w2 as tf.Tensor4D, [32, 13, 13, 32], 1, 'valid')),
    'fwd1', time(() => tf.conv2d(xin as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'valid')),
    'fwd2', time(() => tf.conv2d(x2 as tf.Tensor4D, w2 as tf.Tensor4D, 1, 'valid')),
  );
};
run('stock');
installFastKernels();
run('fast');
console.log('bpf1', time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: xin, dy: dyc1 }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 1, 32] }) as tf.Tensor),
  'bpf2', time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: x2, dy: dyc2 }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 32, 64] }) as tf.Tensor));
