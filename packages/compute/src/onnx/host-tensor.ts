/**
 * Constants and shape arithmetic on the host: an ONNX initializer or Constant decoded into a JS array, and the
 * small integer tensors (shapes, axes, indices) that torch.onnx.export's Shape -> Gather -> Unsqueeze -> Concat
 * chains compute. They never become TF.js tensors unless an op consumes them as data, so shape arithmetic costs
 * no kernel launches and never enters a gradient tape.
 */
import { DataFormatError, UnsupportedModelError } from '../errors.js';
import { type TensorProto, toNumber } from './onnx-proto.js';

/** 'float' covers float16/32/64 (computed in float32 on TF.js); 'int' every integer type (int64 included). */
export type HostDtype = 'float' | 'int' | 'bool';

export interface HostTensor {
  dtype: HostDtype;
  shape: number[];
  /** Row-major values; int64 beyond 2^53 (INT64_MAX sentinels) keeps its magnitude, not its digits. */
  data: Float32Array | Float64Array;
}

/** ONNX TensorProto.DataType codes. */
const DT = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
} as const;

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

export function hostTensor(dtype: HostDtype, shape: number[], values: ArrayLike<number>): HostTensor {
  const data = dtype === 'float' ? Float32Array.from(values) : Float64Array.from(values);
  return { dtype, shape, data };
}

/**
 * Decodes an initializer or Constant value.
 * @throws UnsupportedModelError for external data, strings or complex types; DataFormatError for a tensor whose
 *   value count does not match its dims.
 */
export function decodeTensor(proto: TensorProto, where: string): HostTensor {
  const shape = (proto.dims ?? []).map(toNumber);
  const dataType = proto.dataType ?? 0;
  if (proto.dataLocation === 1 || (proto.externalData ?? []).length > 0) {
    throw new UnsupportedModelError(
      `${where}: tensor '${proto.name}' keeps its values in an external file; export the model as one .onnx file ` +
        '(models under 2 GB: torch.onnx.export writes one file by default; onnx.save(model, path, save_as_external_data=False))',
    );
  }
  const values = tensorValues(proto, dataType, where);
  const size = sizeOf(shape);
  if (values.length !== size) {
    throw new DataFormatError(
      `${where}: tensor '${proto.name}' has dims [${shape.join(', ')}] (${size} values) but holds ${values.length}; the file is corrupt`,
    );
  }
  const dtype: HostDtype =
    dataType === DT.FLOAT || dataType === DT.DOUBLE || dataType === DT.FLOAT16
      ? 'float'
      : dataType === DT.BOOL
        ? 'bool'
        : 'int';
  return hostTensor(dtype, shape, values);
}

function tensorValues(proto: TensorProto, dataType: number, where: string): ArrayLike<number> {
  const raw = proto.rawData;
  if (raw && raw.length > 0) return fromRaw(raw, dataType, proto.name ?? '', where);
  switch (dataType) {
    case DT.FLOAT:
      return proto.floatData ?? [];
    case DT.DOUBLE:
      return proto.doubleData ?? [];
    case DT.INT64:
      return (proto.int64Data ?? []).map(toNumber);
    case DT.UINT32:
    case DT.UINT64:
      return (proto.uint64Data ?? []).map(toNumber);
    case DT.FLOAT16:
      return (proto.int32Data ?? []).map(halfToFloat);
    case DT.INT32:
    case DT.INT16:
    case DT.INT8:
    case DT.UINT16:
    case DT.UINT8:
    case DT.BOOL:
      return proto.int32Data ?? [];
    default:
      throw unsupportedType(proto.name ?? '', dataType, where);
  }
}

function fromRaw(raw: Uint8Array, dataType: number, name: string, where: string): ArrayLike<number> {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read = (bytes: number, get: (offset: number) => number) =>
    Array.from({ length: Math.floor(raw.byteLength / bytes) }, (_, i) => get(i * bytes));
  // raw_data is little-endian whatever the machine (onnx.proto).
  switch (dataType) {
    case DT.FLOAT:
      return read(4, (o) => view.getFloat32(o, true));
    case DT.DOUBLE:
      return read(8, (o) => view.getFloat64(o, true));
    case DT.FLOAT16:
      return read(2, (o) => halfToFloat(view.getUint16(o, true)));
    case DT.INT64:
      return read(8, (o) => Number(view.getBigInt64(o, true)));
    case DT.UINT64:
      return read(8, (o) => Number(view.getBigUint64(o, true)));
    case DT.INT32:
      return read(4, (o) => view.getInt32(o, true));
    case DT.UINT32:
      return read(4, (o) => view.getUint32(o, true));
    case DT.INT16:
      return read(2, (o) => view.getInt16(o, true));
    case DT.UINT16:
      return read(2, (o) => view.getUint16(o, true));
    case DT.INT8:
      return read(1, (o) => view.getInt8(o));
    case DT.UINT8:
    case DT.BOOL:
      return read(1, (o) => view.getUint8(o));
    default:
      throw unsupportedType(name, dataType, where);
  }
}

function unsupportedType(name: string, dataType: number, where: string): UnsupportedModelError {
  return new UnsupportedModelError(
    `${where}: tensor '${name}' has ONNX data type ${dataType}, which SimLab does not read (it reads float16/32/64, ` +
      'integers and bool); export the model with float32 weights',
  );
}

/** IEEE 754 half (as its 16 bits) -> number. */
function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Numpy-style broadcast shape of two shapes, or undefined when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Elementwise f(a, b) with numpy broadcasting, on the host; integer results truncated towards zero. */
export function hostBinary(a: HostTensor, b: HostTensor, f: (x: number, y: number) => number): HostTensor {
  const shape = broadcastShape(a.shape, b.shape);
  if (!shape) {
    throw new DataFormatError(`shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast`);
  }
  const size = sizeOf(shape);
  const out = new Float64Array(size);
  const indexIn = (t: HostTensor, flat: number) => {
    let index = 0;
    let stride = 1;
    let rest = flat;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const coordinate = rest % shape[axis]!;
      rest = Math.floor(rest / shape[axis]!);
      const k = axis - (shape.length - t.shape.length);
      if (k >= 0) {
        const dim = t.shape[k]!;
        index += (dim === 1 ? 0 : coordinate) * stride;
        stride *= dim;
      }
    }
    return index;
  };
  const dtype = a.dtype === 'float' || b.dtype === 'float' ? 'float' : a.dtype;
  for (let i = 0; i < size; i++) {
    const v = f(a.data[indexIn(a, i)]!, b.data[indexIn(b, i)]!);
    out[i] = dtype === 'float' ? v : Math.trunc(v); // integer Div truncates, as ONNX Runtime's does
  }
  return hostTensor(dtype, shape, out);
}
