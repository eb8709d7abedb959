/**
 * The "wasm" backend's conv2d: src/kernels/ts-conv.ts's algorithm (im2col + SGEMM per group
 * and batch chunk) with every step in WebAssembly memory, so the unrolled patches — up to
 * COLS_BUDGET floats, 13 MB for the benchmark CNN's second layer — are never copied between
 * JavaScript and wasm: x, w (and dy) go in once, the result comes out once. The products run
 * on the worker pool (sgemm's split), and so do im2col and col2im (split over disjoint rows /
 * channels); those loops (assembly/conv.ts) are the TS ones, so results are bitwise those of
 * ts-conv.ts run over the wasm sgemm, whatever the thread count.
 */
import { chunkSize } from "../ts-conv.js";
import type { ConvGeometry, Kernels } from "../types.js";
import type { SgemmAt } from "./gemm.js";
import { parallelCall } from "./pool.js";
import { align16, type WasmRuntime } from "./runtime.js";

type Geom = [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
interface ConvExports {
  reorder(y: number, Og: number, nb: number, ohw: number, out: number, O: number, grp: number, n0: number, back: number): void;
  fillRows(y: number, bias: number, rows: number, ld: number): void;
  accumulate64(src: number, dst: number, n: number): void;
  round64(src: number, dst: number, n: number): void;
  biasGrad(gy: number, N: number, O: number, ohw: number, acc: number, db: number): void;
  zeroBytes(p: number, bytes: number): void;
}

/** Lays out regions of the given byte sizes from heapBase up (16-aligned); returns their addresses and the end. */
function layout(rt: WasmRuntime, sizes: number[]): { at: number[]; end: number } {
  const at: number[] = [];
  let p = rt.heapBase;
  for (const s of sizes) {
    at.push(p);
    p = align16(p + s);
  }
  return { at, end: p };
}

/** The geometry arguments of im2col/col2im for group grp: C, H, W, Cg, grp, kh, kw, sh, sw, ph, pw, dh, dw, OH, OW. */
function geomArgs(g: ConvGeometry, grp: number): Geom {
  return [g.C, g.H, g.W, g.Cg, grp, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.OH, g.OW] as unknown as Geom;
}

export function makeConv(rt: WasmRuntime, sgemmAt: SgemmAt): Pick<Kernels, "conv2dForward" | "conv2dBackward"> {
  const w = rt.exports as unknown as ConvExports;
  // im2col split by rows of cols, col2im by input channel (disjoint planes of dx), across threads.
  const im2col = (g: ConvGeometry, grp: number, px: number, n0: number, nb: number, pcols: number): void =>
    parallelCall(rt, "im2col", g.K, g.K * nb * g.OH * g.OW, (lo, hi) => [px, ...geomArgs(g, grp), n0, nb, pcols, lo, hi]);
  const col2im = (g: ConvGeometry, grp: number, pcols: number, n0: number, nb: number, pdx: number): void =>
    parallelCall(rt, "col2im", g.Cg, g.K * nb * g.OH * g.OW, (lo, hi) => [pcols, ...geomArgs(g, grp), n0, nb, pdx, lo, hi]);
  return {
    conv2dForward(g, x, wt, b, out) {
      const { N, O, Og, K, OH, OW } = g;
      const ohw = OH * OW;
      const nbMax = chunkSize(g);
      const { at, end } = layout(rt, [x.length * 4, wt.length * 4, O * 4, K * nbMax * ohw * 4, Og * nbMax * ohw * 4, out.length * 4]);
      const [px, pw, pb, pcols, py, pout] = at as [number, number, number, number, number, number];
      rt.ensure(end);
      const mem = rt.f32();
      mem.set(x, px >> 2);
      mem.set(wt, pw >> 2);
      if (b) mem.set(b, pb >> 2);
      for (let n0 = 0; n0 < N; n0 += nbMax) {
        const nb = Math.min(nbMax, N - n0);
        const ld = nb * ohw;
        for (let grp = 0; grp < g.groups; grp++) {
          im2col(g, grp, px, n0, nb, pcols);
          // Bias goes into C with beta = 1, so each output is rounded to float32 once.
          if (b) w.fillRows(py, pb + grp * Og * 4, Og, ld);
          sgemmAt(false, false, Og, ld, K, pw + grp * Og * K * 4, K, pcols, ld, b ? 1 : 0, py, ld, end);
          w.reorder(py, Og, nb, ohw, pout, O, grp, n0, 0);
        }
      }
      out.set(rt.f32().subarray(pout >> 2, (pout >> 2) + out.length));
    },

    conv2dBackward(g, x, wt, gy, need) {
      const { N, O, Og, K, OH, OW } = g;
      const ohw = OH * OW;
      const nbMax = chunkSize(g);
      const chunks = Math.ceil(N / nbMax);
      const needCols = need.w || need.x;
      // With several chunks, weight-gradient partial products are summed in binary64.
      const dw64 = need.w && chunks > 1;
      const { at, end } = layout(rt, [
        x.length * 4, wt.length * 4, gy.length * 4,
        needCols ? K * nbMax * ohw * 4 : 0, Og * nbMax * ohw * 4,
        need.w ? Og * K * 4 : 0, need.w ? wt.length * 4 : 0, dw64 ? wt.length * 8 : 0,
        need.x ? x.length * 8 : 0, need.x ? x.length * 4 : 0, need.b ? O * 8 : 0, need.b ? O * 4 : 0,
      ]);
      const [px, pw, pgy, pcols, pdyg, pdwPart, pdw, pdw64, pdx64, pdx, pacc, pdb] = at as number[] as [
        number, number, number, number, number, number, number, number, number, number, number, number];
      rt.ensure(end);
      let mem = rt.f32();
      mem.set(x, px >> 2);
      mem.set(wt, pw >> 2);
      mem.set(gy, pgy >> 2);
      // memory.fill: a shared view's fill(0) is ~9× slower.
      if (need.x) w.zeroBytes(pdx64, x.length * 8);
      if (dw64) w.zeroBytes(pdw64, wt.length * 8);
      for (let n0 = 0; n0 < N && needCols; n0 += nbMax) {
        const nb = Math.min(nbMax, N - n0);
        const ld = nb * ohw;
        for (let grp = 0; grp < g.groups; grp++) {
          // dY_g as (Og, nb·OHW), the layout of the forward product.
          w.reorder(pdyg, Og, nb, ohw, pgy, O, grp, n0, 1);
          if (need.w) {
            im2col(g, grp, px, n0, nb, pcols);
            sgemmAt(false, true, Og, K, ld, pdyg, ld, pcols, ld, 0, pdwPart, K, end);
            if (dw64) w.accumulate64(pdwPart, pdw64 + grp * Og * K * 8, Og * K);
            else rt.u32().copyWithin((pdw >> 2) + grp * Og * K, pdwPart >> 2, (pdwPart >> 2) + Og * K);
          }
          if (need.x) {
            sgemmAt(true, false, K, ld, Og, pw + grp * Og * K * 4, K, pdyg, ld, 0, pcols, ld, end);
            col2im(g, grp, pcols, n0, nb, pdx64);
          }
        }
      }
      if (dw64) w.round64(pdw64, pdw, wt.length);
      if (need.x) w.round64(pdx64, pdx, x.length);
      if (need.b) w.biasGrad(pgy, N, O, ohw, pacc, pdb);
      mem = rt.f32();
      const take = (p: number, n: number): Float32Array => mem.slice(p >> 2, (p >> 2) + n);
      return {
        dx: need.x ? take(pdx, x.length) : null,
        dw: need.w ? take(pdw, wt.length) : null,
        db: need.b ? take(pdb, O) : null,
      };
    },
  };
}
