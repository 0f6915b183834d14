import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend.js';
import { trainSmallCnn } from '../src/invert/test-models.js';
const info = await initBackend();
console.log(info.name);
let t = performance.now();
const r = trainSmallCnn(Number(process.argv[2] ?? 20));
console.log('train ms', performance.now() - t, 'acc', r.accuracy);
