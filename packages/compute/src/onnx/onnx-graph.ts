/**
 * An ONNX graph made runnable on TF.js: initializers decoded once, constant subgraphs folded at load, and a run
 * that evaluates only the nodes the requested values depend on, in topological order.
 *
 * Load does, in order:
 *   1. refuse nodes of other domains and operators outside ops/registry.ts, naming every one (op and node);
 *   2. decode initializers into host constants (ConstantCache keeps their TF.js forms);
 *   3. sort the nodes topologically (ONNX requires it; a file that is not sorted is sorted here);
 *   4. fold every node whose inputs are all constant (Constant, Identity of a weight, shape arithmetic on
 *      constants) into a constant; what remains depends on the image and runs on every call.
 * Shape arithmetic that depends on the batch size (Shape of an activation) runs on host numbers at each call.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DataFormatError, UnsupportedModelError } from '../errors.js';
import { Attributes } from './attributes.js';
import { decodeTensor, type HostTensor, hostTensor } from './host-tensor.js';
import { defaultOpset, type ModelProto, type NodeProto } from './onnx-proto.js';
import type { OpContext, OpHandler } from './ops/op.js';
import { OPS } from './ops/registry.js';
import { asOnnx, ConstantCache, hostValue, logicalShape, type Value } from './value.js';

interface RuntimeNode {
  proto: NodeProto;
  run: OpHandler;
  ctx: OpContext;
}

export interface RunOptions {
  /** Output name of a Relu node to run as fake ReLU (identity gradient). */
  fakeRelu?: string;
}

export class OnnxGraph {
  readonly constants = new ConstantCache();
  readonly opset: number;
  /** Names of the graph's inputs that are not initializers (the image input must be the only one). */
  readonly inputs: string[];
  readonly outputs: string[];
  /** Initializers and folded values, by name. */
  private readonly folded = new Map<string, Value>();
  /** Nodes that depend on the input, topologically sorted. */
  readonly nodes: RuntimeNode[] = [];
  private readonly producers = new Map<string, RuntimeNode>();
  private readonly plans = new Map<string, RuntimeNode[]>();

  constructor(model: ModelProto, source: string) {
    const graph = model.graph!;
    this.opset = defaultOpset(model);
    checkOperators(graph.node ?? [], source, this.opset);
    for (const init of graph.initializer ?? []) {
      const host = decodeTensor(init, source);
      this.constants.register(host);
      this.folded.set(init.name ?? '', hostValue(host));
    }
    this.inputs = (graph.input ?? []).map((i) => i.name ?? '').filter((name) => !this.folded.has(name));
    this.outputs = (graph.output ?? []).map((o) => o.name ?? '');
    for (const proto of sortTopologically(
      graph.node ?? [],
      new Set([...this.folded.keys(), ...this.inputs]),
      source,
    )) {
      const node: RuntimeNode = {
        proto,
        run: OPS.get(proto.opType ?? '')!,
        ctx: {
          node: proto,
          attrs: new Attributes(proto),
          opset: this.opset,
          constants: this.constants,
          fakeRelu: false,
        },
      };
      const inputs = (proto.input ?? []).map((name) => (name ? this.folded.get(name) : undefined));
      const constant = (proto.input ?? []).every((name, i) => !name || inputs[i] !== undefined);
      if (constant) this.fold(node, inputs);
      else {
        this.nodes.push(node);
        for (const name of proto.output ?? []) if (name) this.producers.set(name, node);
      }
    }
  }

  /** The node computing `name` at run time (undefined for the input, constants and folded values). */
  producerOf(name: string): NodeProto | undefined {
    return this.producers.get(name)?.proto;
  }

  isConstant(name: string): boolean {
    return this.folded.has(name);
  }

  /** Names of the initializers and folded values (a deduplicated weight re-exposed by an Identity included). */
  constantNames(): string[] {
    return [...this.folded.keys()];
  }

  /** Host constants that are initializers or folded values, by name. */
  constantValue(name: string): HostTensor | undefined {
    const v = this.folded.get(name);
    return v?.kind === 'host' ? v.host : undefined;
  }

  /**
   * Computes the named values from the input value. Call inside tf.tidy (the caller keeps what it returns).
   * @throws UnsupportedModelError for a value SimLab does not compute (an op's optional second output).
   */
  run(input: Value, wanted: string[], options: RunOptions = {}): Value[] {
    const env = this.execute(input, this.plan(wanted), options);
    return wanted.map((name) => this.lookup(env, name));
  }

  /**
   * Runs every node once and returns the ONNX shape of every tensor value computed from the input, in node
   * order, with the node that made it. Call inside tf.tidy.
   */
  trace(input: Value): { name: string; node: NodeProto; shape: number[] }[] {
    const env = this.execute(input, this.nodes, {});
    return this.nodes.flatMap((node) =>
      (node.proto.output ?? []).flatMap((name) => {
        const v = name ? env.get(name) : undefined;
        return v?.kind === 'tensor' ? [{ name, node: node.proto, shape: logicalShape(v) }] : [];
      }),
    );
  }

  private execute(input: Value, nodes: RuntimeNode[], options: RunOptions): Map<string, Value> {
    const env = new Map<string, Value>([[this.inputs[0]!, input]]);
    for (const node of nodes) {
      const inputs = (node.proto.input ?? []).map((name) => (name ? this.lookup(env, name) : undefined));
      const ctx = options.fakeRelu === node.proto.output?.[0] ? { ...node.ctx, fakeRelu: true } : node.ctx;
      node.run(inputs, ctx).forEach((v, i) => {
        const name = node.proto.output?.[i];
        if (name) env.set(name, v);
      });
    }
    return env;
  }

  private lookup(env: Map<string, Value>, name: string): Value {
    const v = env.get(name) ?? this.folded.get(name);
    if (!v) throw notComputed(name, this.producers.get(name)?.proto);
    return v;
  }

  /** The runtime nodes `wanted` depends on, in order (cached per set of names). */
  private plan(wanted: string[]): RuntimeNode[] {
    const key = wanted.join('\u0000');
    let plan = this.plans.get(key);
    if (!plan) {
      const needed = new Set<RuntimeNode>();
      const stack = [...wanted];
      while (stack.length > 0) {
        const node = this.producers.get(stack.pop()!);
        if (!node || needed.has(node)) continue;
        needed.add(node);
        stack.push(...(node.proto.input ?? []).filter(Boolean));
      }
      plan = this.nodes.filter((n) => needed.has(n));
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** Evaluates a node of constants once and keeps its outputs as constants. */
  private fold(node: RuntimeNode, inputs: (Value | undefined)[]): void {
    tf.tidy(() => {
      node.run(inputs, node.ctx).forEach((v, i) => {
        const name = node.proto.output?.[i];
        if (!name) return;
        const host = v.kind === 'host' ? v.host : toHost(asOnnx(v, this.constants));
        this.constants.register(host);
        this.folded.set(name, hostValue(host));
      });
    });
  }

  dispose(): void {
    this.constants.dispose();
  }
}

function toHost(t: tf.Tensor): HostTensor {
  const dtype = t.dtype === 'float32' ? 'float' : t.dtype === 'bool' ? 'bool' : 'int';
  return hostTensor(dtype, [...t.shape], t.dataSync() as Float32Array);
}

function notComputed(name: string, producer: NodeProto | undefined): UnsupportedModelError {
  const from = producer ? ` (an output of ${producer.opType} node '${producer.name}')` : '';
  return new UnsupportedModelError(
    `the model uses value '${name}'${from}, which SimLab does not compute (only the first output of Dropout, ` +
      'MaxPool and BatchNormalization is); export the model in inference mode, or open an issue with the model',
  );
}

/** Refuses every node of another domain or outside the registry, all named in one message. */
function checkOperators(nodes: NodeProto[], source: string, opset: number): void {
  const missing = nodes.filter((n) => (n.domain && n.domain !== 'ai.onnx') || !OPS.has(n.opType ?? ''));
  if (missing.length === 0) return;
  const byOp = new Map<string, string[]>();
  for (const n of missing) {
    const op = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : (n.opType ?? '?');
    byOp.set(op, [...(byOp.get(op) ?? []), `'${n.name || n.output?.[0]}'`]);
  }
  const list = [...byOp].map(
    ([op, names]) =>
      `${op} (node${names.length > 1 ? 's' : ''} ${names.slice(0, 3).join(', ')}${names.length > 3 ? `, +${names.length - 3} more` : ''})`,
  );
  throw new UnsupportedModelError(
    `${source} (opset ${opset}) uses ONNX operator${byOp.size > 1 ? 's' : ''} SimLab does not support: ${list.join('; ')}. ` +
      'Re-export with another opset (torch.onnx.export(..., opset_version=13) writes plain Conv/Gemm/Relu graphs), ' +
      'replace the layer in the source model by supported ones (docs/onnx.md lists them), or open an issue naming the operator',
  );
}

/** Kahn's algorithm, keeping the file's order among ready nodes. */
function sortTopologically(nodes: NodeProto[], available: Set<string>, source: string): NodeProto[] {
  const known = new Set(available);
  const sorted: NodeProto[] = [];
  let pending = [...nodes];
  while (pending.length > 0) {
    const ready = pending.filter((n) => (n.input ?? []).every((name) => !name || known.has(name)));
    if (ready.length === 0) {
      const n = pending[0]!;
      const absent = (n.input ?? []).filter((name) => name && !known.has(name));
      throw new DataFormatError(
        `${source}: node '${n.name}' (${n.opType}) reads ${absent.map((a) => `'${a}'`).join(', ')}, which no node, ` +
          'initializer or graph input provides (or the graph has a cycle); the file is corrupt or incomplete',
      );
    }
    for (const n of ready) for (const name of n.output ?? []) if (name) known.add(name);
    sorted.push(...ready);
    const done = new Set(ready);
    pending = pending.filter((n) => !done.has(n));
  }
  return sorted;
}
