/**
 * The ONNX operators SimLab imports (default domain), by op type. docs/onnx.md lists the same set; a model using
 * any other operator is refused at load with every missing op and node named (onnx-graph.ts).
 */
import { conv } from './conv.js';
import * as e from './elementwise.js';
import { gemm, matMul } from './linear.js';
import { batchNormalization, layerNormalization } from './normalization.js';
import type { OpHandler } from './op.js';
import { averagePool, globalAveragePool, globalMaxPool, maxPool } from './pool.js';
import { logSoftmax, reduceMax, reduceMean, reduceSum, softmax } from './reduce.js';
import * as s from './shape.js';
import { cast, constant, dropout, identity, pad } from './structural.js';

export const OPS: ReadonlyMap<string, OpHandler> = new Map<string, OpHandler>([
  // convolution, pooling, normalisation
  ['Conv', conv],
  ['MaxPool', maxPool],
  ['AveragePool', averagePool],
  ['GlobalAveragePool', globalAveragePool],
  ['GlobalMaxPool', globalMaxPool],
  ['BatchNormalization', batchNormalization],
  ['LayerNormalization', layerNormalization],
  // dense
  ['Gemm', gemm],
  ['MatMul', matMul],
  // elementwise arithmetic (numpy broadcasting)
  ['Add', e.add],
  ['Sub', e.sub],
  ['Mul', e.mul],
  ['Div', e.div],
  ['Pow', e.pow],
  // activations
  ['Relu', e.relu],
  ['LeakyRelu', e.leakyRelu],
  ['Sigmoid', e.sigmoid],
  ['Tanh', e.tanh],
  ['Erf', e.erf],
  ['Gelu', e.gelu],
  ['Elu', e.elu],
  ['Softplus', e.softplus],
  ['HardSigmoid', e.hardSigmoid],
  ['HardSwish', e.hardSwish],
  ['Clip', e.clip],
  ['Exp', e.exp],
  ['Log', e.log],
  ['Sqrt', e.sqrt],
  ['Neg', e.neg],
  ['Abs', e.abs],
  ['Reciprocal', e.reciprocal],
  ['Softmax', softmax],
  ['LogSoftmax', logSoftmax],
  ['ReduceMean', reduceMean],
  ['ReduceSum', reduceSum],
  ['ReduceMax', reduceMax],
  // shapes and plumbing
  ['Flatten', s.flatten],
  ['Reshape', s.reshape],
  ['Transpose', s.transpose],
  ['Concat', s.concat],
  ['Shape', s.shape],
  ['Gather', s.gather],
  ['Unsqueeze', s.unsqueeze],
  ['Squeeze', s.squeeze],
  ['Slice', s.slice],
  ['ConstantOfShape', s.constantOfShape],
  ['Pad', pad],
  ['Cast', cast],
  ['Identity', identity],
  ['Dropout', dropout],
  ['Constant', constant],
]);

export const SUPPORTED_OPS: readonly string[] = [...OPS.keys()].sort();
