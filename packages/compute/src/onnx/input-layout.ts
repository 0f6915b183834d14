/**
 * The image input of an imported model: its size and its layout. SimLab passes images NHWC [n, h, w, c] in
 * [0, 1] (SPEC §4); PyTorch models take NCHW, Keras models exported by tf2onnx usually NHWC.
 *
 * The layout is decided, in order, by the caller's `inputLayout`; by what consumes the input (past elementwise
 * normalisation): a Conv reads NCHW, a Transpose with perm [0, 3, 1, 2] turns NHWC into NCHW; by the dims
 * (channels 1 or 3 on axis 1 and not on axis 3 mean NCHW, and the reverse NHWC).
 */
import { UnsupportedModelError } from '../errors.js';
import { type GraphProto, toNumber, type ValueInfoProto } from './onnx-proto.js';

export type InputLayout = 'NCHW' | 'NHWC';

export interface ImageInput {
  name: string;
  layout: InputLayout;
  /** [height, width, channels] of the images the model takes. */
  imageShape: [number, number, number];
}

const PASS_THROUGH = new Set(['Sub', 'Div', 'Mul', 'Add', 'Identity', 'Cast']);

export function resolveImageInput(
  graph: GraphProto,
  inputName: string,
  source: string,
  forced?: InputLayout,
): ImageInput {
  const info = (graph.input ?? []).find((i) => i.name === inputName) as ValueInfoProto;
  const tensorType = info.type?.tensorType;
  const dims = (tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? undefined : toNumber(d.dimValue)));
  const refuse = (what: string) =>
    new UnsupportedModelError(
      `${source}: input '${inputName}' ${what}; SimLab feeds a batch of images [n, h, w, c] (NHWC) or [n, c, h, w] ` +
        '(NCHW) of fixed size with float pixels in [0, 1]: export the model with such an input (docs/onnx.md)',
    );
  if (tensorType?.elemType !== 1)
    throw refuse(`has element type ${tensorType?.elemType ?? 'unknown'}, not float32`);
  if (dims.length !== 4)
    throw refuse(`has rank ${dims.length} (shape [${dims.map((d) => d ?? '?').join(', ')}])`);
  const layout = forced ?? consumerLayout(graph, inputName) ?? dimsLayout(dims);
  if (!layout) {
    throw refuse(
      `has shape [${dims.join(', ')}], which does not say whether it is NCHW or NHWC; pass inputLayout ` +
        "('NCHW' for PyTorch exports, 'NHWC' for Keras)",
    );
  }
  const [h, w, c] = layout === 'NCHW' ? [dims[2], dims[3], dims[1]] : [dims[1], dims[2], dims[3]];
  if (h === undefined || w === undefined || c === undefined) {
    throw refuse(
      `has symbolic image dims (shape [${dims.map((d) => d ?? '?').join(', ')}]); only the batch axis may be dynamic`,
    );
  }
  return { name: inputName, layout, imageShape: [h, w, c] };
}

function consumerLayout(graph: GraphProto, inputName: string): InputLayout | undefined {
  const frontier = [inputName];
  const seen = new Set(frontier);
  while (frontier.length > 0) {
    const name = frontier.shift()!;
    for (const node of graph.node ?? []) {
      if (!(node.input ?? []).includes(name)) continue;
      if (node.opType === 'Conv' && node.input?.[0] === name) return 'NCHW';
      if (node.opType === 'Transpose') {
        const perm = node.attribute?.find((a) => a.name === 'perm')?.ints?.map(toNumber);
        if (perm?.join() === '0,3,1,2') return 'NHWC';
        if (perm?.join() === '0,2,3,1') return 'NCHW';
      }
      const out = node.output?.[0];
      if (PASS_THROUGH.has(node.opType ?? '') && out && !seen.has(out)) {
        seen.add(out);
        frontier.push(out);
      }
    }
  }
  return undefined;
}

function dimsLayout(dims: (number | undefined)[]): InputLayout | undefined {
  const channels = (d: number | undefined) => d === 1 || d === 3;
  if (channels(dims[1]) && !channels(dims[3])) return 'NCHW';
  if (channels(dims[3]) && !channels(dims[1])) return 'NHWC';
  return undefined;
}
