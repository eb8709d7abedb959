/**
 * 2-D convolution (cross-correlation, as PyTorch) by im2col + SGEMM, in plain TypeScript over
 * a given sgemm: the "ts" backend runs it with its own sgemm, and it is the reference the
 * "wasm" backend's conv (./wasm/conv.ts, the same loops in WebAssembly) must equal bit for bit.
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
 */
import type { ConvGeometry as Geometry, ConvGrads, ConvNeed, Kernels } from "./types.js";

type Sgemm = Kernels["sgemm"];

/** Upper bound on the floats of one unrolled chunk (16 MiB): the batch is split to stay under it. */
export const COLS_BUDGET = 1 << 22;

/** Unrolls input patches of batch items [n0, n0+nb) and group `grp` into cols (K, nb·OHW). */
export function im2col(x: Float32Array, g: Geometry, grp: number, n0: number, nb: number, cols: Float32Array): void {
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
export function chunkSize(g: Geometry): number {
  return Math.max(1, Math.min(g.N, Math.floor(COLS_BUDGET / Math.max(1, g.K * g.OH * g.OW))));
}

export function convForward(sgemm: Sgemm, x: Float32Array, w: Float32Array, b: Float32Array | null, g: Geometry, out: Float32Array): void {
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
      sgemm(false, false, Og, ld, K, w, grp * Og * K, K, cols, 0, ld, b ? 1 : 0, y, 0, ld);
      for (let o = 0; o < Og; o++) {
        for (let n = 0; n < nb; n++) {
          const dst = ((n0 + n) * O + grp * Og + o) * ohw;
          out.set(y.subarray(o * ld + n * ohw, o * ld + (n + 1) * ohw), dst);
        }
      }
    }
  }
}

export function convBackward(
  sgemm: Sgemm, x: Float32Array, w: Float32Array, gy: Float32Array, g: Geometry,
  need: ConvNeed,
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
        sgemm(false, true, Og, K, ld, dyg, 0, ld, cols, 0, ld, 0, dwPart!, 0, K);
        if (dw64) for (let k = 0; k < Og * K; k++) dw64[grp * Og * K + k] += dwPart![k]!;
        else dw!.set(dwPart!, grp * Og * K);
      }
      if (need.x) {
        sgemm(true, false, K, ld, Og, w, grp * Og * K, K, dyg, 0, ld, 0, cols, 0, ld);
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
