import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../src/backend.js';
const info = await initBackend({ prefer: 'wasm' });
console.log(info);
const m = tfl.sequential({ layers: [
  tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
  tfl.layers.maxPooling2d({ poolSize: 2 }),
  tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
  tfl.layers.maxPooling2d({ poolSize: 2 }),
  tfl.layers.flatten(),
  tfl.layers.dense({ units: 128, activation: 'relu' }),
  tfl.layers.dense({ units: 10 }),
]});
const x = tf.randomUniform([32, 28, 28, 1]) as tf.Tensor4D;
const fwd = () => tf.tidy(() => { const y = m.apply(x, { training: false }) as tf.Tensor; y.dataSync(); });
const g = tf.grad((xx: tf.Tensor) => tf.sum(tf.square(m.apply(xx, { training: false }) as tf.Tensor)));
const bwd = () => tf.tidy(() => { g(x).dataSync(); });
for (let i = 0; i < 3; i++) { fwd(); bwd(); }
const time = (f: () => void, n = 10) => { const t = performance.now(); for (let i = 0; i < n; i++) f(); return (performance.now() - t) / n; };
console.log('fwd ms', time(fwd), 'fwd+grad ms', time(bwd));
const prof = await tf.profile(() => { bwd(); });
const agg = new Map<string, number>();
for (const k of prof.kernels) agg.set(k.name, (agg.get(k.name) ?? 0) + (k.kernelTimeMs as number));
console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 15));
// training step: grads wrt weights
try {
  const wg = tf.variableGrads(() => tf.mean(tf.square(m.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
  console.log('variableGrads ok', Object.keys(wg.grads).length);
} catch (e) { console.log('variableGrads failed', (e as Error).message); }
