/**
 * `F.conv1d` and `F.conv2d` (cross-correlation, as PyTorch) by im2col + SGEMM.
 *
 * For each group g and a chunk of the batch, the input patches are unrolled into
 *   cols  (K, B·OH·OW)   with K = (C/groups)·kh·kw, row k = (c, i, j), column = (n, oh, ow),
 *   cols[(c,i,j), (n,oh,ow)] = x[n, g·C/groups + c, oh·sh − ph + i·dh, ow·sw − pw + j·dw]  (0 outside),
 * and the whole chunk is one product:
 *   forward   Y_g  (O_g, B·OHW) = W_g (O_g, K) · cols  (+ bias, added inside the product's rounding)
 *   backward  dW_g (O_g, K)     = dY_g · colsᵀ
 *             dcols (K, B·OHW)  = W_gᵀ · dY_g,   then col2im sums dcols back onto dx
 *             db[o]             = Σ_{n, oh, ow} dY[n, o, oh, ow]
 * `cols` is recomputed in backward rather than kept, so a graph holds no unrolled copies.
 * conv1d is conv2d with a height of 1.
 */
import { ShapeError, ValueError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import { kernels } from "../kernels/index.js";
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

/** Upper bound on the floats of one unrolled chunk (16 MiB): the batch is split to stay under it. */
const COLS_BUDGET = 1 << 22;

/** Everything the kernels need about one 2-D convolution. */
interface Geometry {
  N: number; C: number; H: number; W: number;
  O: number; groups: number; Cg: number; Og: number;
  kh: number; kw: number; sh: number; sw: number;
  /** Padding before the first row / column; padding after is implied by OH, OW. */
  ph: number; pw: number;
  dh: number; dw: number;
  OH: number; OW: number;
  /** Rows of cols: Cg·kh·kw. */
  K: number;
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

/** Unrolls input patches of batch items [n0, n0+nb) and group `grp` into cols (K, nb·OHW). */
function im2col(x: Float32Array, g: Geometry, grp: number, n0: number, nb: number, cols: Float32Array): void {
  const { C, H, W, Cg, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW } = g;
  const ohw = OH * OW;
  const ld = nb * ohw;
  for (let c = 0; c < Cg; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = ((c * kh + i) * kw + j) * ld;
        const offW = j * dw - pw;
        // ow with 0 ≤ ow·sw + offW < W
        const owLo = Math.min(OW, Math.max(0, Math.ceil(-offW / sw)));
        const owHi = Math.max(owLo, Math.min(OW, Math.ceil((W - offW) / sw)));
        for (let n = 0; n < nb; n++) {
          const plane = ((n0 + n) * C + grp * Cg + c) * H * W;
          const colBase = row + n * ohw;
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh - ph + i * dh;
            const o = colBase + oh * OW;
            if (ih < 0 || ih >= H) {
              cols.fill(0, o, o + OW);
              continue;
            }
            const src = plane + ih * W + offW;
            for (let ow = 0; ow < owLo; ow++) cols[o + ow] = 0;
            if (sw === 1) for (let ow = owLo; ow < owHi; ow++) cols[o + ow] = x[src + ow]!;
            else for (let ow = owLo; ow < owHi; ow++) cols[o + ow] = x[src + ow * sw]!;
            for (let ow = owHi; ow < OW; ow++) cols[o + ow] = 0;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds cols (K, nb·OHW) back onto dx (binary64 accumulator). */
function col2im(cols: Float32Array, g: Geometry, grp: number, n0: number, nb: number, dx: Float64Array): void {
  const { C, H, W, Cg, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW } = g;
  const ohw = OH * OW;
  const ld = nb * ohw;
  for (let c = 0; c < Cg; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const row = ((c * kh + i) * kw + j) * ld;
        const offW = j * dw - pw;
        const owLo = Math.min(OW, Math.max(0, Math.ceil(-offW / sw)));
        const owHi = Math.max(owLo, Math.min(OW, Math.ceil((W - offW) / sw)));
        for (let n = 0; n < nb; n++) {
          const plane = ((n0 + n) * C + grp * Cg + c) * H * W;
          const colBase = row + n * ohw;
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh - ph + i * dh;
            if (ih < 0 || ih >= H) continue;
            const o = colBase + oh * OW;
            const dst = plane + ih * W + offW;
            for (let ow = owLo; ow < owHi; ow++) dx[dst + ow * sw] += cols[o + ow]!;
          }
        }
      }
    }
  }
}

/** Batch items per chunk so that cols stays within COLS_BUDGET floats. */
function chunkSize(g: Geometry): number {
  return Math.max(1, Math.min(g.N, Math.floor(COLS_BUDGET / Math.max(1, g.K * g.OH * g.OW))));
}

function convForward(x: Float32Array, w: Float32Array, b: Float32Array | null, g: Geometry, out: Float32Array): void {
  const { N, O, Og, K, OH, OW } = g;
  const ohw = OH * OW;
  const nbMax = chunkSize(g);
  const cols = new Float32Array(K * nbMax * ohw);
  const y = new Float32Array(Og * nbMax * ohw);
  for (let n0 = 0; n0 < N; n0 += nbMax) {
    const nb = Math.min(nbMax, N - n0);
    const ld = nb * ohw;
    for (let grp = 0; grp < g.groups; grp++) {
      im2col(x, g, grp, n0, nb, cols);
      // Bias goes into C with beta = 1, so each output is rounded to float32 once.
      if (b) for (let o = 0; o < Og; o++) y.fill(b[grp * Og + o]!, o * ld, (o + 1) * ld);
      kernels().sgemm(false, false, Og, ld, K, w, grp * Og * K, K, cols, 0, ld, b ? 1 : 0, y, 0, ld);
      for (let o = 0; o < Og; o++) {
        for (let n = 0; n < nb; n++) {
          const dst = ((n0 + n) * O + grp * Og + o) * ohw;
          out.set(y.subarray(o * ld + n * ohw, o * ld + (n + 1) * ohw), dst);
        }
      }
    }
  }
}

interface ConvGrads { dx: Float32Array | null; dw: Float32Array | null; db: Float32Array | null }

function convBackward(
  x: Float32Array, w: Float32Array, gy: Float32Array, g: Geometry,
  need: { x: boolean; w: boolean; b: boolean },
): ConvGrads {
  const { N, O, Og, K, OH, OW } = g;
  const ohw = OH * OW;
  const nbMax = chunkSize(g);
  const cols = need.w || need.x ? new Float32Array(K * nbMax * ohw) : new Float32Array(0);
  const dyg = new Float32Array(Og * nbMax * ohw);
  const dx64 = need.x ? new Float64Array(x.length) : null;
  const dw = need.w ? new Float32Array(w.length) : null;
  // With several chunks, weight-gradient partial products are summed in binary64.
  const chunks = Math.ceil(N / nbMax);
  const dw64 = need.w && chunks > 1 ? new Float64Array(w.length) : null;
  const dwPart = need.w ? new Float32Array(Og * K) : null;
  for (let n0 = 0; n0 < N; n0 += nbMax) {
    const nb = Math.min(nbMax, N - n0);
    const ld = nb * ohw;
    for (let grp = 0; grp < g.groups; grp++) {
      if (!need.x && !need.w) break;
      // dY_g as (Og, nb·OHW), the layout of the forward product.
      for (let o = 0; o < Og; o++) {
        for (let n = 0; n < nb; n++) {
          const src = ((n0 + n) * O + grp * Og + o) * ohw;
          dyg.set(gy.subarray(src, src + ohw), o * ld + n * ohw);
        }
      }
      if (need.w) {
        im2col(x, g, grp, n0, nb, cols);
        kernels().sgemm(false, true, Og, K, ld, dyg, 0, ld, cols, 0, ld, 0, dwPart!, 0, K);
        if (dw64) for (let k = 0; k < Og * K; k++) dw64[grp * Og * K + k] += dwPart![k]!;
        else dw!.set(dwPart!, grp * Og * K);
      }
      if (need.x) {
        kernels().sgemm(true, false, K, ld, Og, w, grp * Og * K, K, dyg, 0, ld, 0, cols, 0, ld);
        col2im(cols, g, grp, n0, nb, dx64!);
      }
    }
  }
  if (dw64) for (let k = 0; k < dw!.length; k++) dw![k] = dw64[k]!;
  let db: Float32Array | null = null;
  if (need.b) {
    const acc = new Float64Array(O);
    for (let n = 0; n < N; n++) {
      for (let o = 0; o < O; o++) {
        const base = (n * O + o) * ohw;
        let s = 0;
        for (let p = 0; p < ohw; p++) s += gy[base + p]!;
        acc[o] += s;
      }
    }
    db = new Float32Array(acc);
  }
  return { dx: dx64 ? new Float32Array(dx64) : null, dw, db };
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
  convForward(xd, wd, bd, g, out.data);
  return record(out, "ConvolutionBackward", [x, weight, bias], (gout) => {
    const r = convBackward(xd, wd, gout.data as Float32Array, g, {
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
