/**
 * What flows along the edges of an imported graph, and the layout adapter.
 *
 * ONNX vision models are NCHW; TF.js convolutions and pools are NHWC (and its backends implement only that). A
 * 4-D value whose ONNX layout is NCHW may therefore be stored transposed, as NHWC (`nhwc: true`): convolutions,
 * pools and batch norm produce it, elementwise ops keep it, and any other op asks for the ONNX layout
 * (`asOnnx`), which transposes once. SimLab's images arrive NHWC, so an NCHW model's input is such a value as
 * it stands: the layout adapter costs nothing at the input and one transpose where the network flattens.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HostTensor } from './host-tensor.js';

export type Value = { kind: 'tensor'; tensor: tf.Tensor; nhwc: boolean } | { kind: 'host'; host: HostTensor };

export function tensorValue(tensor: tf.Tensor, nhwc = false): Value {
  return { kind: 'tensor', tensor, nhwc };
}

export function hostValue(host: HostTensor): Value {
  return { kind: 'host', host };
}

/** The value's shape as ONNX defines it (NCHW for a value stored NHWC). */
export function logicalShape(v: Value): number[] {
  if (v.kind === 'host') return v.host.shape;
  const s = v.tensor.shape;
  return v.nhwc ? [s[0]!, s[3]!, s[1]!, s[2]!] : [...s];
}

/**
 * TF.js tensors made from host constants (weights, and forms derived from them such as a convolution kernel in
 * HWIO order), made once per model and kept until `dispose`, so that no forward pass re-uploads a weight. Only
 * values registered as constants of the model are kept; a host value computed during a run (shape arithmetic that
 * depends on the batch size) becomes an ordinary tensor of that run.
 */
export class ConstantCache {
  private readonly made = new Map<HostTensor, Map<string, tf.Tensor>>();

  /** Marks a value decoded or folded at load time as a constant of the model. */
  register(host: HostTensor): void {
    if (!this.made.has(host)) this.made.set(host, new Map());
  }

  isConstant(host: HostTensor): boolean {
    return this.made.has(host);
  }

  /** The constant as a tensor ('plain'), or the form `make` derives from it, under `key`. */
  get(host: HostTensor, key = 'plain', make: (host: HostTensor) => tf.Tensor = hostToTensor): tf.Tensor {
    const forms = this.made.get(host);
    if (!forms) return make(host);
    let t = forms.get(key);
    if (!t) {
      t = tf.keep(tf.tidy(() => make(host)));
      forms.set(key, t);
    }
    return t;
  }

  dispose(): void {
    for (const forms of this.made.values()) tf.dispose([...forms.values()]);
    this.made.clear();
  }
}

export function hostToTensor(host: HostTensor): tf.Tensor {
  const dtype = host.dtype === 'float' ? 'float32' : host.dtype === 'bool' ? 'bool' : 'int32';
  return tf.tensor(host.data, host.shape, dtype);
}

/** The value in its ONNX layout. */
export function asOnnx(v: Value, constants: ConstantCache): tf.Tensor {
  if (v.kind === 'host') return constants.get(v.host);
  if (!v.nhwc) return v.tensor;
  const [n, h, w, c] = v.tensor.shape as number[];
  // With one channel or one pixel the two layouts hold the same sequence of numbers: a reshape suffices.
  if (c === 1 || h! * w! === 1) return tf.reshape(v.tensor, [n!, c!, h!, w!]);
  return tf.transpose(v.tensor, [0, 3, 1, 2]);
}

/** A 4-D NCHW value as an NHWC tensor. */
export function asNhwc(v: Value, constants: ConstantCache): tf.Tensor4D {
  if (v.kind === 'tensor' && v.nhwc) return v.tensor as tf.Tensor4D;
  if (v.kind === 'host') return constants.get(v.host, 'nhwc', (h) => toNhwc(hostToTensor(h))) as tf.Tensor4D;
  return toNhwc(v.tensor) as tf.Tensor4D;
}

function toNhwc(t: tf.Tensor): tf.Tensor {
  const [n, c, h, w] = t.shape as number[];
  if (c === 1 || h! * w! === 1) return tf.reshape(t, [n!, h!, w!, c!]);
  return tf.transpose(t, [0, 2, 3, 1]);
}

/**
 * An operand of rank <= 4 brought into the NHWC frame of another operand, for numpy broadcasting: its shape is
 * padded to rank 4 ([c, 1, 1] becomes [1, c, 1, 1]) and permuted like the data ([1, 1, 1, c]).
 */
export function broadcastAsNhwc(v: Value, constants: ConstantCache): tf.Tensor {
  const shape = logicalShape(v);
  const padded = [...Array<number>(4 - shape.length).fill(1), ...shape];
  const permute = (t: tf.Tensor) => toNhwc(tf.reshape(t, padded));
  if (v.kind === 'host') return constants.get(v.host, 'broadcast-nhwc', (h) => permute(hostToTensor(h)));
  return permute(v.tensor);
}
