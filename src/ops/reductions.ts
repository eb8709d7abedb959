/** Reductions: sum and mean over everything or one dimension, accumulated in binary64. */
import { ShapeError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, out32, wrap32 } from "./util.js";

function normDim(dim: number, nd: number, op: string): number {
  const d = dim < 0 ? dim + nd : dim;
  if (!Number.isInteger(d) || d < 0 || d >= nd) {
    throw new ShapeError(`${op}: Dimension out of range (expected to be in range of [${-nd}, ${nd - 1}], but got ${dim})`);
  }
  return d;
}

/** Sum of all elements, or along `dim` (dropping it unless keepdim). */
export function sum(x: Tensor, dim?: number, keepdim = false): Tensor {
  const xd = f32(x, "sum");
  if (dim === undefined) {
    let s = 0;
    for (let i = 0; i < xd.length; i++) s += xd[i]!;
    const out = wrap32([], Float32Array.of(s));
    return record(out, "SumBackward", [x], (g) => [broadcastBack(g, x, undefined)]);
  }
  const d = normDim(dim, x.dim(), "sum");
  const outer = x.shape.slice(0, d).reduce((a, b) => a * b, 1);
  const len = x.shape[d]!;
  const inner = x.shape.slice(d + 1).reduce((a, b) => a * b, 1);
  const kept = x.shape.map((s, i) => (i === d ? 1 : s));
  const shape = keepdim ? kept : x.shape.filter((_, i) => i !== d);
  const out = out32(shape);
  const o = out.data;
  const acc = new Float64Array(inner);
  for (let a = 0; a < outer; a++) {
    acc.fill(0);
    for (let k = 0; k < len; k++) {
      const base = (a * len + k) * inner;
      for (let i = 0; i < inner; i++) acc[i] += xd[base + i]!;
    }
    for (let i = 0; i < inner; i++) o[a * inner + i] = acc[i]!;
  }
  return record(out, "SumBackward", [x], (g) => [broadcastBack(g, x, d)]);
}

/** Mean of all elements, or along `dim`. */
export function mean(x: Tensor, dim?: number, keepdim = false): Tensor {
  const n = dim === undefined ? x.numel() : x.shape[normDim(dim, x.dim(), "mean")]!;
  if (n === 0) throw new ShapeError(`mean: cannot average ${show(x.shape)} over an empty dimension.`);
  const s = sum(x, dim, keepdim);
  const sd = s.data as Float32Array;
  // Scale the float32 sum, as PyTorch's mean = sum / n in the output dtype.
  const out = wrap32(s.shape, Float32Array.from(sd, (v) => v / n));
  return record(out, "MeanBackward", [x], (g) => {
    const gd = g.data as Float32Array;
    const scaled = wrap32(g.shape, Float32Array.from(gd, (v) => v / n));
    return [broadcastBack(scaled, x, dim)];
  });
}

/** Spreads a reduced gradient back over the reduced dimension. */
function broadcastBack(g: Tensor, x: Tensor, dim: number | undefined): Tensor {
  const gd = g.data as Float32Array;
  const gx = out32(x.shape);
  const gxd = gx.data;
  if (dim === undefined) {
    gxd.fill(gd[0]!);
    return gx;
  }
  const d = dim < 0 ? dim + x.dim() : dim;
  const outer = x.shape.slice(0, d).reduce((a, b) => a * b, 1);
  const len = x.shape[d]!;
  const inner = x.shape.slice(d + 1).reduce((a, b) => a * b, 1);
  for (let a = 0; a < outer; a++)
    for (let k = 0; k < len; k++)
      for (let i = 0; i < inner; i++) gxd[(a * len + k) * inner + i] = gd[a * inner + i]!;
  return gx;
}
