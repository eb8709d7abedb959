/**
 * Elementwise arithmetic with NumPy/PyTorch broadcasting. Each op's forward and backward
 * sit side by side; a broadcast input's gradient is summed back to its own shape.
 */
import { ShapeError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, out32, sameShape, scalarTensor, wrap32 } from "./util.js";

/** The broadcast shape of two shapes, aligned from the right. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}; shapes ${show(a)} and ${show(b)} do not broadcast.`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** For each output index, the flat index into an input of `shape` broadcast to `outShape`. */
function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = outShape.reduce((x, y) => x * y, 1);
  const idx = new Int32Array(n);
  const nd = outShape.length;
  const strides = new Array<number>(nd).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const od = nd - shape.length + i;
    strides[od] = shape[i] === 1 ? 0 : s;
    s *= shape[i]!;
  }
  const counter = new Array<number>(nd).fill(0);
  let flat = 0;
  for (let k = 0; k < n; k++) {
    idx[k] = flat;
    for (let d = nd - 1; d >= 0; d--) {
      counter[d]!++;
      flat += strides[d]!;
      if (counter[d]! < outShape[d]!) break;
      flat -= strides[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
  return idx;
}

/** Sums a gradient of `outShape` down to `shape` (the reverse of broadcasting). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const gd = g.data as Float32Array;
  const idx = broadcastIndex(shape, g.shape);
  const acc = new Float64Array(shape.reduce((x, y) => x * y, 1));
  for (let k = 0; k < gd.length; k++) acc[idx[k]!] += gd[k]!;
  return wrap32(shape, Float32Array.from(acc));
}

type Operand = Tensor | number;

function asTensor(x: Operand): Tensor {
  return typeof x === "number" ? scalarTensor(x) : x;
}

/** Applies f elementwise over the broadcast of a and b. */
function binary(a: Tensor, b: Tensor, op: string, f: (x: number, y: number) => number): Tensor<"float32"> {
  const ad = f32(a, op, "input");
  const bd = f32(b, op, "other");
  if (sameShape(a.shape, b.shape)) {
    const out = out32(a.shape);
    const o = out.data;
    for (let i = 0; i < o.length; i++) o[i] = f(ad[i]!, bd[i]!);
    return out;
  }
  const shape = broadcastShapes(a.shape, b.shape, op);
  const out = out32(shape);
  const o = out.data;
  if (bd.length === 1) {
    const y = bd[0]!;
    const ia = broadcastIndex(a.shape, shape);
    for (let i = 0; i < o.length; i++) o[i] = f(ad[ia[i]!]!, y);
    return out;
  }
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  for (let i = 0; i < o.length; i++) o[i] = f(ad[ia[i]!]!, bd[ib[i]!]!);
  return out;
}

export function add(a: Operand, b: Operand): Tensor {
  const [ta, tb] = [asTensor(a), asTensor(b)];
  const out = binary(ta, tb, "add", (x, y) => x + y);
  return record(out, "AddBackward", [ta, tb], (g) => [sumToShape(g, ta.shape), sumToShape(g, tb.shape)]);
}

export function sub(a: Operand, b: Operand): Tensor {
  const [ta, tb] = [asTensor(a), asTensor(b)];
  const out = binary(ta, tb, "sub", (x, y) => x - y);
  return record(out, "SubBackward", [ta, tb], (g) => [sumToShape(g, ta.shape), sumToShape(neg(g), tb.shape)]);
}

export function mul(a: Operand, b: Operand): Tensor {
  const [ta, tb] = [asTensor(a), asTensor(b)];
  const out = binary(ta, tb, "mul", (x, y) => x * y);
  return record(out, "MulBackward", [ta, tb], (g) => [sumToShape(mul(g, tb), ta.shape), sumToShape(mul(g, ta), tb.shape)]);
}

export function div(a: Operand, b: Operand): Tensor {
  const [ta, tb] = [asTensor(a), asTensor(b)];
  const out = binary(ta, tb, "div", (x, y) => x / y);
  return record(out, "DivBackward", [ta, tb], (g) => [
    sumToShape(div(g, tb), ta.shape),
    sumToShape(neg(div(mul(g, out), tb)), tb.shape), // d(a/b)/db = −(a/b)/b
  ]);
}

/** Applies a unary map, recording `grad = g · dfdx(x, y)` elementwise. */
export function unary(
  x: Tensor, op: string, f: (v: number) => number, dfdx: ((v: number, y: number) => number) | null,
): Tensor {
  const xd = f32(x, op);
  const out = out32(x.shape);
  const o = out.data;
  for (let i = 0; i < o.length; i++) o[i] = f(xd[i]!);
  if (dfdx === null) return out;
  return record(out, `${op}Backward`, [x], (g) => {
    const gd = g.data as Float32Array;
    const gx = out32(x.shape);
    const gxd = gx.data;
    for (let i = 0; i < gxd.length; i++) gxd[i] = gd[i]! * dfdx(xd[i]!, o[i]!);
    return [gx];
  });
}

export function neg(x: Tensor): Tensor {
  return unary(x, "neg", (v) => -v, () => -1);
}

export function exp(x: Tensor): Tensor {
  return unary(x, "exp", Math.exp, (_v, y) => y);
}

export function log(x: Tensor): Tensor {
  return unary(x, "log", Math.log, (v) => 1 / v);
}

export function pow(x: Tensor, exponent: number): Tensor {
  return unary(x, "pow", (v) => v ** exponent, (v) => exponent * v ** (exponent - 1));
}

export function sqrt(x: Tensor): Tensor {
  return unary(x, "sqrt", Math.sqrt, (_v, y) => 0.5 / y);
}
