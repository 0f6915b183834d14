import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../src/backend.js';
import { installFastKernels, uninstallFastKernels } from '../src/kernels/install-fast-kernels.js';
await initBackend({ prefer: 'wasm' });
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
const train = () => tf.tidy(() => { const r = tf.variableGrads(() => tf.mean(tf.square(m.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar); Object.values(r.grads).forEach(t => t.dataSync()); });
const time = (f: () => void, n = 10) => { for (let i = 0; i < 3; i++) f(); const t = performance.now(); for (let i = 0; i < n; i++) f(); return (performance.now() - t) / n; };
async function report(label: string, withTrain: boolean) {
  console.log(label, 'fwd ms', time(fwd).toFixed(1), 'fwd+grad ms', time(bwd).toFixed(1), withTrain ? `train step ms ${time(train).toFixed(1)}` : '');
  const prof = await tf.profile(() => { bwd(); });
  const agg = new Map<string, number>();
  for (const k of prof.kernels) agg.set(k.name, (agg.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k}=${v.toFixed(1)}`).join(' '));
}
await report('stock', false);
console.log('installed', installFastKernels());
await report('fast', true);
const p2 = await tf.profile(() => { train(); });
const agg = new Map<string, number>();
for (const k of p2.kernels) agg.set(k.name, (agg.get(k.name) ?? 0) + (k.kernelTimeMs as number));
console.log('train', [...agg].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k}=${v.toFixed(1)}`).join(' '));
uninstallFastKernels();
await report('stock again', false);
