/**
 * Typed access to a node's attributes, with the defaults the ONNX operator specs give.
 */
import { UnsupportedModelError } from '../errors.js';
import { decodeTensor, type HostTensor } from './host-tensor.js';
import { type AttributeProto, type NodeProto, toNumber } from './onnx-proto.js';

export class Attributes {
  private readonly byName: Map<string, AttributeProto>;

  constructor(private readonly node: NodeProto) {
    this.byName = new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  int(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? toNumber(a.i) : fallback;
  }

  float(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? (a.f ?? fallback) : fallback;
  }

  ints(name: string, fallback?: number[]): number[] | undefined {
    const a = this.byName.get(name);
    return a ? (a.ints ?? []).map(toNumber) : fallback;
  }

  floats(name: string): number[] | undefined {
    const a = this.byName.get(name);
    return a ? [...(a.floats ?? [])] : undefined;
  }

  string(name: string, fallback: string): string {
    const a = this.byName.get(name);
    return a?.s ? new TextDecoder().decode(a.s) : fallback;
  }

  tensor(name: string): HostTensor | undefined {
    const t = this.byName.get(name)?.t;
    return t ? decodeTensor(t, `node '${this.node.name}'`) : undefined;
  }

  /** Throws for an attribute value the importer does not implement (an unusual mode, a training flag). */
  require(ok: boolean, what: string): void {
    if (!ok) {
      throw new UnsupportedModelError(
        `ONNX ${this.node.opType} node '${this.node.name}' has ${what}, which SimLab does not support; ` +
          'export the model without it (another opset or a plainer layer), or open an issue with the model',
      );
    }
  }
}
