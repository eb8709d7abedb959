/**
 * `F.conv1d` and `F.conv2d` (cross-correlation, as PyTorch): argument checks and output
 * geometry here; the computation (im2col + SGEMM) is the backend's conv2dForward /
 * conv2dBackward (src/kernels/ts-conv.ts, src/kernels/wasm/conv.ts). conv1d is conv2d with a
 * height of 1.
 */
import { ShapeError, ValueError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import { kernels } from "../kernels/index.js";
import type { ConvGeometry as Geometry } from "../kernels/types.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, out32, wrap32 } from "./util.js";

/** An int or one int per spatial dimension, as PyTorch's `_pair` / `_single` accept. */
export type IntOrTuple = number | readonly number[];
/** Explicit zero padding per side, or PyTorch's `"valid"` (none) / `"same"` (output size = input size, stride 1). */
export type ConvPadding = IntOrTuple | "valid" | "same";

export interface ConvOptions {
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
}

/** Expands an int or tuple to `n` non-negative (or positive) integers, naming the argument in errors. */
export function expandInts(v: IntOrTuple, n: number, what: string, op: string, min: number): number[] {
  const arr = typeof v === "number" ? new Array<number>(n).fill(v) : [...v];
  if (arr.length !== n || arr.some((x) => typeof x !== "number" || !Number.isInteger(x) || x < min)) {
    const kind = min > 0 ? "positive" : "non-negative";
    throw new ValueError(`${op}: ${what} must be a ${kind} integer or a list of ${n} ${kind} integers, got ${show(v)}.`);
  }
  return arr;
}

/** Resolves `padding` to (before, after) per spatial dimension. */
function resolvePadding(padding: ConvPadding, k: number[], d: number[], s: number[], op: string): [number[], number[]] {
  if (padding === "valid") return [k.map(() => 0), k.map(() => 0)];
  if (padding === "same") {
    if (s.some((x) => x !== 1)) throw new ValueError(`${op}: padding='same' is not supported for strided convolutions; use stride=1 or explicit padding.`);
    // PyTorch's _convolution_mode: total = d·(k−1), the odd extra element goes after.
    const total = k.map((kk, i) => d[i]! * (kk - 1));
    const before = total.map((t) => Math.floor(t / 2));
    return [before, total.map((t, i) => t - before[i]!)];
  }
  if (typeof padding === "string") throw new ValueError(`${op}: padding must be "valid", "same", an integer or a list of integers, got ${show(padding)}.`);
  const p = expandInts(padding, k.length, "padding", op, 0);
  return [p, p];
}

function geometry(x: Tensor, weight: Tensor, opts: ConvOptions, op: string, spatial: 1 | 2): Geometry {
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${show(groups)}.`);
  if (weight.dim() !== spatial + 2) {
    throw new ShapeError(`${op}: expected weight of shape (out_channels, in_channels/groups, ${spatial === 2 ? "kH, kW" : "kW"}), got shape ${show(weight.shape)}.`);
  }
  const wantDims = spatial + 2;
  if (x.dim() !== wantDims) {
    const sp = spatial === 2 ? "H, W" : "L";
    throw new ShapeError(`${op}: expected a ${wantDims - 1}-D (C, ${sp}) or ${wantDims}-D (N, C, ${sp}) input, got shape ${show(x.shape)}.`);
  }
  const [O, Cg] = weight.shape as [number, number];
  const kk = weight.shape.slice(2);
  const s = expandInts(opts.stride ?? 1, spatial, "stride", op, 1);
  const d = expandInts(opts.dilation ?? 1, spatial, "dilation", op, 1);
  const [pb, pa] = resolvePadding(opts.padding ?? 0, kk, d, s, op);
  const N = x.shape[0]!;
  const C = x.shape[1]!;
  if (C !== Cg * groups) {
    throw new ShapeError(`${op}: Given groups=${groups}, weight of size ${show(weight.shape)}, expected input${show(x.shape)} to have ${Cg * groups} channels, but got ${C} channels instead.`);
  }
  if (O % groups !== 0) {
    throw new ShapeError(`${op}: Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${show(weight.shape)} instead.`);
  }
  const inSp = x.shape.slice(2);
  // Treat 1-D as 2-D with height 1.
  const H = spatial === 2 ? inSp[0]! : 1;
  const W = inSp[spatial - 1]!;
  const kh = spatial === 2 ? kk[0]! : 1;
  const kw = kk[spatial - 1]!;
  const at = (a: number[], i2: number, one: number): number => (spatial === 2 ? a[i2]! : one);
  const g: Geometry = {
    N, C, H, W, O, groups, Cg, Og: O / groups, kh, kw,
    sh: at(s, 0, 1), sw: s[spatial - 1]!,
    ph: at(pb, 0, 0), pw: pb[spatial - 1]!,
    dh: at(d, 0, 1), dw: d[spatial - 1]!,
    OH: 0, OW: 0, K: Cg * kh * kw,
  };
  const padded = inSp.map((v, i) => v + pb[i]! + pa[i]!);
  const eff = kk.map((v, i) => d[i]! * (v - 1) + 1);
  if (padded.some((v, i) => v < eff[i]!)) {
    throw new ShapeError(`${op}: Calculated padded input size per channel: (${padded.join(" x ")}). Kernel size: (${eff.join(" x ")}). Kernel size can't be greater than actual input size.`);
  }
  const outSp = padded.map((v, i) => Math.floor((v - eff[i]!) / s[i]!) + 1);
  g.OH = spatial === 2 ? outSp[0]! : 1;
  g.OW = outSp[spatial - 1]!;
  return g;
}

/** Shared body of conv1d / conv2d on batched input; `spatial` is 1 or 2. */
function convNd(x: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvOptions, spatial: 1 | 2): Tensor {
  const op = `conv${spatial}d`;
  const xd = f32(x, op, "input");
  const wd = f32(weight, op, "weight");
  const bd = bias === null ? null : f32(bias, op, "bias");
  const g = geometry(x, weight, opts, op, spatial);
  if (bias !== null && (bias.dim() !== 1 || bias.shape[0] !== g.O)) {
    throw new ShapeError(`${op}: expected bias of shape [${g.O}] (one per output channel), got shape ${show(bias.shape)}.`);
  }
  const outShape = spatial === 2 ? [g.N, g.O, g.OH, g.OW] : [g.N, g.O, g.OW];
  const out = out32(outShape);
  kernels().conv2dForward(g, xd, wd, bd, out.data);
  return record(out, "ConvolutionBackward", [x, weight, bias], (gout) => {
    const r = kernels().conv2dBackward(g, xd, wd, gout.data as Float32Array, {
      x: x.requires_grad, w: weight.requires_grad, b: bias?.requires_grad ?? false,
    });
    return [
      r.dx ? wrap32(x.shape, r.dx) : null,
      r.dw ? wrap32(weight.shape, r.dw) : null,
      r.db && bias ? wrap32(bias.shape, r.db) : null,
    ];
  });
}

/** Adds a batch dimension to an unbatched input, runs `fn`, and removes it again. */
function unbatched(x: Tensor, batchedDims: number, fn: (xb: Tensor) => Tensor): Tensor {
  if (x.dim() !== batchedDims - 1) return fn(x);
  const xb = x.view([1, ...x.shape]);
  const wrapped = record(xb, "UnsqueezeBackward", [x], (g) => [g.view([...x.shape])]);
  const y = fn(wrapped);
  const out = y.view(y.shape.slice(1));
  return record(out, "SqueezeBackward", [y], (g) => [g.view([...y.shape])]);
}

/**
 * 2-D convolution (cross-correlation) of x (N, C, H, W) or (C, H, W) with weight
 * (O, C/groups, kH, kW), plus bias (O): y[n,o] = b[o] + Σ_{c,i,j} W[o,c,i,j]·x[n, c, oh·s + i·d − p, …].
 * Output size per dim: ⌊(in + 2p − d·(k − 1) − 1)/s⌋ + 1.
 * @example F.conv2d(x, w, b, { stride: 2, padding: 1 })
 */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return unbatched(input, 4, (x) => convNd(x, weight, bias, options, 2));
}

/**
 * 1-D convolution of x (N, C, L) or (C, L) with weight (O, C/groups, k), plus bias (O).
 * @example F.conv1d(x, w, null, { dilation: 2 })
 */
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return unbatched(input, 3, (x) => convNd(x, weight, bias, options, 1));
}
