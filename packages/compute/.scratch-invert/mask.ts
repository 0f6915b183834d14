import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend.js';
await initBackend({ prefer: 'wasm' });
const time = (f: () => tf.Tensor, n = 25) => { for (let i = 0; i < 3; i++) f().dispose(); const ts: number[] = []; for (let i = 0; i < n; i++) { const t = performance.now(); const r = f(); r.dataSync(); r.dispose(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); return `${ts[0]!.toFixed(2)}/${ts[n >> 1]!.toFixed(2)}`; };
const x = tf.relu(tf.randomNormal([32, 26, 26, 32])) as tf.Tensor4D;
const y = tf.maxPool(x, 2, 2, 'valid');
const dy = tf.randomNormal(y.shape);
console.log('mask', time(() => tf.tidy(() => {
  const xr = tf.reshape(x, [32, 13, 2, 13, 2, 32]);
  const yb = tf.reshape(y, [32, 13, 1, 13, 1, 32]);
  const m = tf.cast(tf.equal(xr, yb), 'float32');
  return tf.reshape(tf.mul(m, tf.reshape(dy, [32, 13, 1, 13, 1, 32])), [32, 26, 26, 32]);
})));
console.log('equal only', time(() => tf.tidy(() => tf.equal(tf.reshape(x, [32, 13, 2, 13, 2, 32]), tf.reshape(y, [32, 13, 1, 13, 1, 32])))));
console.log('mul same shape', time(() => tf.mul(x, x)));
console.log('maxpool fwd', time(() => tf.maxPool(x, 2, 2, 'valid')));
