/**
 * Window geometry shared by Conv and the pools: kernel, strides, dilations and the padding of each spatial edge
 * from `pads` or `auto_pad` (ONNX Conv / MaxPool specs).
 */
import { type OpContext, unsupported } from './op.js';

export interface Window {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  /** [top, left, bottom, right]: ONNX `pads` order is [x1_begin, x2_begin, x1_end, x2_end]. */
  pads: [number, number, number, number];
}

/** Reads the window attributes of a 2-D op whose input is NHWC [n, h, w, c]. */
export function readWindow(ctx: OpContext, input: number[], kernel: [number, number]): Window {
  const pair = (name: string): [number, number] => {
    const v = ctx.attrs.ints(name, [1, 1])!;
    if (v.length !== 2)
      throw unsupported(ctx, `has ${name} [${v.join(', ')}] (only 2-D windows are supported)`);
    return [v[0]!, v[1]!];
  };
  const strides = pair('strides');
  const dilations = pair('dilations');
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  let pads: [number, number, number, number];
  if (autoPad === 'NOTSET') {
    const p = ctx.attrs.ints('pads', [0, 0, 0, 0])!;
    if (p.length !== 4 || p.some((v) => v < 0)) throw unsupported(ctx, `has pads [${p.join(', ')}]`);
    pads = [p[0]!, p[1]!, p[2]!, p[3]!];
  } else if (autoPad === 'VALID') {
    pads = [0, 0, 0, 0];
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    // Output size ceil(in / stride); the odd pixel of padding goes after (UPPER) or before (LOWER).
    const [top, bottom] = samePads(input[1]!, kernel[0], strides[0], dilations[0], autoPad);
    const [left, right] = samePads(input[2]!, kernel[1], strides[1], dilations[1], autoPad);
    pads = [top, left, bottom, right];
  } else {
    throw unsupported(ctx, `has auto_pad '${autoPad}'`);
  }
  return { kernel, strides, dilations, pads };
}

function samePads(size: number, k: number, s: number, d: number, mode: string): [number, number] {
  const out = Math.ceil(size / s);
  const total = Math.max(0, (out - 1) * s + (k - 1) * d + 1 - size);
  const small = Math.floor(total / 2);
  return mode === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
}

export function hasPadding(w: Window): boolean {
  return w.pads.some((p) => p !== 0);
}

/** TF.js explicit padding of an NHWC tensor. */
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

export function explicitPadding(w: Window): ExplicitPadding {
  const [top, left, bottom, right] = w.pads;
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}
