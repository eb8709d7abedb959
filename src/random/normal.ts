/**
 * `normal_(mean, std)` fills (spec §3). Two code paths, picked exactly as PyTorch picks them:
 *
 * - n ≥ 16 (contiguous): draw n uniforms, Box–Muller them in blocks of 16 where slot j
 *   gives the radius √(−2 ln(1 − u)) and slot j+8 the angle 2πu; if n % 16 ≠ 0, redraw the
 *   last 16 slots and transform them again (`normal_fill`). float32 uses the AVX2 Cephes
 *   polynomials; float64 uses double libm.
 * - n < 16: per element, the double-precision `at::normal_distribution<double>`, which
 *   caches its second (sine) value in the generator across calls.
 */
import * as libm from "../math/libm64.js"; // glibc-exact: PyTorch calls std::log/sin/cos here
import { behaviour } from "../compat.js";
import { fma32, fma64 } from "../math/fma.js";
import { wasmRng } from "../kernels/wasm/rng.js";
import type { Generator } from "./generator.js";

/** Below this many elements PyTorch uses the scalar path (`normal_kernel`). */
export const VECTORISED_NORMAL_MIN = 16;
const TWO_PI = 2 * Math.PI;

// ---------------------------------------------------------------------------------------
// The float32 AVX2 block transform (spec §3.3), fused and specialised.
//
// `normalBlocksFromState32` is `normal_fill_16_AVX2` on engine draws: block b of 16
// draws gives u1 = 1 − (w[j] & 0xFFFFFF)·2^-24 (radius) and u2 = (w[j+8] & 0xFFFFFF)·2^-24
// (angle) for j = 0..7. `logCephes`/`sincosCephes` (src/math/cephes.ts, the general
// versions) are inlined by hand and specialised to these inputs, which take only 2^24
// values each, so every shortcut below was checked on ALL of them (bench/micro/exhaustive.mjs:
// the kernel's radius for every u1 and its sin/cos for every u2 equal the original's bit for bit).
//
// - LOG: u1 = J·2^-24 with J = 2^24 − k ∈ [1, 2^24], so the exponent/mantissa split is
//   integer arithmetic: Jn = (J << clz(J)) >>> 8 ∈ [2^23, 2^24) is the 24-bit mantissa,
//   m = Jn·2^-24, e = 8 − clz(J) − t where t = [m < SQRTHF] = [Jn < 11863283], and
//   x = m − 1 or 2m − 1 = ((Jn << t) − 2^24)·2^-24 exactly.
// - Fused multiply-adds are `Math.fround(a*b + c)`: a·b is exact in binary64, and the one
//   binary64 rounding of the sum never lands on a binary32 midpoint for any of the 2^24
//   inputs of each site (audited site by site in exhaustive.mjs), so this is the single
//   fused rounding. Most of the sums (the LOG Horner steps, e·q2 + x, Cody–Waite) are even
//   exact in binary64. The final ·std + mean is `fma32` (any mean/std); for mean = +0 it is
//   r·std + 0, exact in binary64, rounded once by the Float32Array store.
// - theta = fround(fround(2π)·k·2^-24) = fround(k·TH) with TH = fround(2π)·2^-24 (both exact).
//   Octant: trunc(fround(theta·FOPI)) = k >> 21 for every k (exhaustively checked), so
//   q = ((k >> 21) + 1) & ~1 = 2h. The first two Cody–Waite steps are exact in binary64
//   and their results are already binary32, so only the third is rounded.
// - Sign and polynomial selection are branch-free (they are coin flips per element); the
//   sign multiplies fround(r·c), i.e. fround(r·(±c)) exactly, as the original negates c.
// - Four independent pairs are interleaved step by step (the code between the GENERATED
//   markers comes from bench/micro/gen-normal-kernel.mjs): the transform is a ~25-deep chain
//   of dependent roundings per pair, and interleaving lets the CPU overlap them.

/** Float32 constants of the kernel (each already rounded to binary32), loaded once per call. */
const NK = new Float64Array([
  2 ** -24, // S24
  Math.fround(7.0376836292e-2), Math.fround(-1.1514610310e-1), Math.fround(1.1676998740e-1), // P0..P2
  Math.fround(-1.2420140846e-1), Math.fround(1.4249322787e-1), Math.fround(-1.6668057665e-1), // P3..P5
  Math.fround(2.0000714765e-1), Math.fround(-2.4999993993e-1), Math.fround(3.3333331174e-1), // P6..P8
  Math.fround(-2.12194440e-4), Math.fround(0.693359375), // Q1, Q2
  Math.fround(2 * Math.PI) * 2 ** -24, // TH
  Math.fround(-0.78515625), Math.fround(-2.4187564849853515625e-4), Math.fround(-3.77489497744594108e-8), // DP1..DP3
  Math.fround(2.443315711809948e-5), Math.fround(-1.388731625493765e-3), Math.fround(4.166664568298827e-2), // C0..C2
  Math.fround(-1.9515295891e-4), Math.fround(8.3321608736e-3), Math.fround(-1.6666654611e-1), // S0..S2
]);

/** Sign factors indexed by a sign bit. */
const SIGNS = new Float64Array([1, -1]);

/**
 * `normal_fill_16_AVX2` on `count` (a multiple of 16) consecutive draws of the engine,
 * given as UNTEMPERED MT19937 state words `w[w0 .. w0+count)` (tempered here, so the fill
 * reads the engine state directly with no scratch pass): writes `out[outOffset .. outOffset+count)`
 * with `mean32`/`std32` already rounded to float32. Words beyond `w`'s end read as 0, like the
 * original's `state[next++]` past the end.
 */
export function normalBlocksFromState32(
  w: Int32Array, w0: number, count: number, out: Float32Array, outOffset: number, mean32: number, std32: number,
): void {
  const f = Math.fround;
  const K = NK;
  const S24 = K[0]!, P0 = K[1]!, P1 = K[2]!, P2 = K[3]!, P3 = K[4]!, P4 = K[5]!, P5 = K[6]!, P6 = K[7]!;
  const P7 = K[8]!, P8 = K[9]!, Q1 = K[10]!, Q2 = K[11]!, TH = K[12]!, DP1 = K[13]!, DP2 = K[14]!, DP3 = K[15]!;
  const C0 = K[16]!, C1 = K[17]!, C2 = K[18]!, S0 = K[19]!, S1 = K[20]!, S2 = K[21]!;
  const meanIsZero = mean32 === 0 && 1 / mean32 > 0; // +0 only
  const SGN = SIGNS;
  const end = w0 + count;
  for (let b = w0; b < end; b += 16) {
    const o = outOffset + (b - w0);
    // ---- GENERATED (bench/micro/gen-normal-kernel.mjs 4) ----
    for (let j = 0; j < 8; j += 4) {
      // radius = fround(sqrt(-2·LOG(u1))), u1 = J·2^-24 (words are tempered here first)
      let a0 = w[b + j + 0]!;
      let a1 = w[b + j + 1]!;
      let a2 = w[b + j + 2]!;
      let a3 = w[b + j + 3]!;
      a0 ^= a0 >>> 11; a0 ^= (a0 << 7) & 0x9d2c5680; a0 ^= (a0 << 15) & 0xefc60000; a0 ^= a0 >>> 18;
      a1 ^= a1 >>> 11; a1 ^= (a1 << 7) & 0x9d2c5680; a1 ^= (a1 << 15) & 0xefc60000; a1 ^= a1 >>> 18;
      a2 ^= a2 >>> 11; a2 ^= (a2 << 7) & 0x9d2c5680; a2 ^= (a2 << 15) & 0xefc60000; a2 ^= a2 >>> 18;
      a3 ^= a3 >>> 11; a3 ^= (a3 << 7) & 0x9d2c5680; a3 ^= (a3 << 15) & 0xefc60000; a3 ^= a3 >>> 18;
      const J0 = 0x1000000 - (a0 & 0xffffff);
      const J1 = 0x1000000 - (a1 & 0xffffff);
      const J2 = 0x1000000 - (a2 & 0xffffff);
      const J3 = 0x1000000 - (a3 & 0xffffff);
      const lz0 = Math.clz32(J0), Jn0 = (J0 << lz0) >>> 8, t0 = (Jn0 - 11863283) >>> 31;
      const lz1 = Math.clz32(J1), Jn1 = (J1 << lz1) >>> 8, t1 = (Jn1 - 11863283) >>> 31;
      const lz2 = Math.clz32(J2), Jn2 = (J2 << lz2) >>> 8, t2 = (Jn2 - 11863283) >>> 31;
      const lz3 = Math.clz32(J3), Jn3 = (J3 << lz3) >>> 8, t3 = (Jn3 - 11863283) >>> 31;
      const e0 = 8 - lz0 - t0, x0 = ((Jn0 << t0) - 0x1000000) * S24;
      const e1 = 8 - lz1 - t1, x1 = ((Jn1 << t1) - 0x1000000) * S24;
      const e2 = 8 - lz2 - t2, x2 = ((Jn2 << t2) - 0x1000000) * S24;
      const e3 = 8 - lz3 - t3, x3 = ((Jn3 << t3) - 0x1000000) * S24;
      let y0 = f(P0 * x0 + P1);
      let y1 = f(P0 * x1 + P1);
      let y2 = f(P0 * x2 + P1);
      let y3 = f(P0 * x3 + P1);
      y0 = f(y0 * x0 + P2);
      y1 = f(y1 * x1 + P2);
      y2 = f(y2 * x2 + P2);
      y3 = f(y3 * x3 + P2);
      y0 = f(y0 * x0 + P3);
      y1 = f(y1 * x1 + P3);
      y2 = f(y2 * x2 + P3);
      y3 = f(y3 * x3 + P3);
      y0 = f(y0 * x0 + P4);
      y1 = f(y1 * x1 + P4);
      y2 = f(y2 * x2 + P4);
      y3 = f(y3 * x3 + P4);
      y0 = f(y0 * x0 + P5);
      y1 = f(y1 * x1 + P5);
      y2 = f(y2 * x2 + P5);
      y3 = f(y3 * x3 + P5);
      y0 = f(y0 * x0 + P6);
      y1 = f(y1 * x1 + P6);
      y2 = f(y2 * x2 + P6);
      y3 = f(y3 * x3 + P6);
      y0 = f(y0 * x0 + P7);
      y1 = f(y1 * x1 + P7);
      y2 = f(y2 * x2 + P7);
      y3 = f(y3 * x3 + P7);
      y0 = f(y0 * x0 + P8);
      y1 = f(y1 * x1 + P8);
      y2 = f(y2 * x2 + P8);
      y3 = f(y3 * x3 + P8);
      y0 = f(y0 * x0);
      y1 = f(y1 * x1);
      y2 = f(y2 * x2);
      y3 = f(y3 * x3);
      const z0 = f(x0 * x0);
      const z1 = f(x1 * x1);
      const z2 = f(x2 * x2);
      const z3 = f(x3 * x3);
      y0 = f(y0 * z0 + f(e0 * Q1));
      y1 = f(y1 * z1 + f(e1 * Q1));
      y2 = f(y2 * z2 + f(e2 * Q1));
      y3 = f(y3 * z3 + f(e3 * Q1));
      y0 = f(y0 - z0 * 0.5);
      y1 = f(y1 - z1 * 0.5);
      y2 = f(y2 - z2 * 0.5);
      y3 = f(y3 - z3 * 0.5);
      const r0 = f(Math.sqrt(-2 * f(e0 * Q2 + f(x0 + y0))));
      const r1 = f(Math.sqrt(-2 * f(e1 * Q2 + f(x1 + y1))));
      const r2 = f(Math.sqrt(-2 * f(e2 * Q2 + f(x2 + y2))));
      const r3 = f(Math.sqrt(-2 * f(e3 * Q2 + f(x3 + y3))));
      // (sin, cos) of theta = fround(fround(2π)·k·2^-24); octant q = 2h
      let g0 = w[b + j + 8]!;
      let g1 = w[b + j + 9]!;
      let g2 = w[b + j + 10]!;
      let g3 = w[b + j + 11]!;
      g0 ^= g0 >>> 11; g0 ^= (g0 << 7) & 0x9d2c5680; g0 ^= (g0 << 15) & 0xefc60000; g0 ^= g0 >>> 18;
      g1 ^= g1 >>> 11; g1 ^= (g1 << 7) & 0x9d2c5680; g1 ^= (g1 << 15) & 0xefc60000; g1 ^= g1 >>> 18;
      g2 ^= g2 >>> 11; g2 ^= (g2 << 7) & 0x9d2c5680; g2 ^= (g2 << 15) & 0xefc60000; g2 ^= g2 >>> 18;
      g3 ^= g3 >>> 11; g3 ^= (g3 << 7) & 0x9d2c5680; g3 ^= (g3 << 15) & 0xefc60000; g3 ^= g3 >>> 18;
      const k0 = g0 & 0xffffff, h0 = ((k0 >> 21) + 1) >> 1, q0 = 2 * h0;
      const k1 = g1 & 0xffffff, h1 = ((k1 >> 21) + 1) >> 1, q1 = 2 * h1;
      const k2 = g2 & 0xffffff, h2 = ((k2 >> 21) + 1) >> 1, q2 = 2 * h2;
      const k3 = g3 & 0xffffff, h3 = ((k3 >> 21) + 1) >> 1, q3 = 2 * h3;
      const xr0 = f(q0 * DP3 + (q0 * DP2 + (q0 * DP1 + f(k0 * TH))));
      const xr1 = f(q1 * DP3 + (q1 * DP2 + (q1 * DP1 + f(k1 * TH))));
      const xr2 = f(q2 * DP3 + (q2 * DP2 + (q2 * DP1 + f(k2 * TH))));
      const xr3 = f(q3 * DP3 + (q3 * DP2 + (q3 * DP1 + f(k3 * TH))));
      const zz0 = f(xr0 * xr0);
      const zz1 = f(xr1 * xr1);
      const zz2 = f(xr2 * xr2);
      const zz3 = f(xr3 * xr3);
      let yc0 = f(C0 * zz0 + C1);
      let yc1 = f(C0 * zz1 + C1);
      let yc2 = f(C0 * zz2 + C1);
      let yc3 = f(C0 * zz3 + C1);
      let ys0 = f(S0 * zz0 + S1);
      let ys1 = f(S0 * zz1 + S1);
      let ys2 = f(S0 * zz2 + S1);
      let ys3 = f(S0 * zz3 + S1);
      yc0 = f(yc0 * zz0 + C2);
      yc1 = f(yc1 * zz1 + C2);
      yc2 = f(yc2 * zz2 + C2);
      yc3 = f(yc3 * zz3 + C2);
      ys0 = f(ys0 * zz0 + S2);
      ys1 = f(ys1 * zz1 + S2);
      ys2 = f(ys2 * zz2 + S2);
      ys3 = f(ys3 * zz3 + S2);
      yc0 = f(yc0 * zz0);
      yc1 = f(yc1 * zz1);
      yc2 = f(yc2 * zz2);
      yc3 = f(yc3 * zz3);
      ys0 = f(ys0 * zz0);
      ys1 = f(ys1 * zz1);
      ys2 = f(ys2 * zz2);
      ys3 = f(ys3 * zz3);
      yc0 = f(yc0 * zz0 - zz0 * 0.5);
      yc1 = f(yc1 * zz1 - zz1 * 0.5);
      yc2 = f(yc2 * zz2 - zz2 * 0.5);
      yc3 = f(yc3 * zz3 - zz3 * 0.5);
      ys0 = f(ys0 * xr0 + xr0);
      ys1 = f(ys1 * xr1 + xr1);
      ys2 = f(ys2 * xr2 + xr2);
      ys3 = f(ys3 * xr3 + xr3);
      yc0 = f(yc0 + 1);
      yc1 = f(yc1 + 1);
      yc2 = f(yc2 + 1);
      yc3 = f(yc3 + 1);
      // swap = q & 2, sinNeg = q & 4, cosNeg = ~(q - 2) & 4: yc goes to slot j (+8 if swapped);
      // SGN = [1, −1]: fround(r·c)·(±1) = fround(r·(±c)) exactly; then fma(·, std, mean).
      const sw0 = h0 & 1, sn0 = (h0 >> 1) & 1, cn0 = (~(h0 - 1) >> 1) & 1;
      const rc0 = f(r0 * yc0) * SGN[sw0 !== 0 ? sn0 : cn0]!;
      const rs0 = f(r0 * ys0) * SGN[sw0 !== 0 ? cn0 : sn0]!;
      const ic0 = o + j + 0 + (sw0 << 3), is0 = o + j + 8 - (sw0 << 3);
      const sw1 = h1 & 1, sn1 = (h1 >> 1) & 1, cn1 = (~(h1 - 1) >> 1) & 1;
      const rc1 = f(r1 * yc1) * SGN[sw1 !== 0 ? sn1 : cn1]!;
      const rs1 = f(r1 * ys1) * SGN[sw1 !== 0 ? cn1 : sn1]!;
      const ic1 = o + j + 1 + (sw1 << 3), is1 = o + j + 9 - (sw1 << 3);
      const sw2 = h2 & 1, sn2 = (h2 >> 1) & 1, cn2 = (~(h2 - 1) >> 1) & 1;
      const rc2 = f(r2 * yc2) * SGN[sw2 !== 0 ? sn2 : cn2]!;
      const rs2 = f(r2 * ys2) * SGN[sw2 !== 0 ? cn2 : sn2]!;
      const ic2 = o + j + 2 + (sw2 << 3), is2 = o + j + 10 - (sw2 << 3);
      const sw3 = h3 & 1, sn3 = (h3 >> 1) & 1, cn3 = (~(h3 - 1) >> 1) & 1;
      const rc3 = f(r3 * yc3) * SGN[sw3 !== 0 ? sn3 : cn3]!;
      const rs3 = f(r3 * ys3) * SGN[sw3 !== 0 ? cn3 : sn3]!;
      const ic3 = o + j + 3 + (sw3 << 3), is3 = o + j + 11 - (sw3 << 3);
      if (meanIsZero) {
        // x·std + 0 is exact (and maps −0 to +0 like the fma): the store is the one rounding
        out[ic0] = rc0 * std32 + 0;
        out[is0] = rs0 * std32 + 0;
        out[ic1] = rc1 * std32 + 0;
        out[is1] = rs1 * std32 + 0;
        out[ic2] = rc2 * std32 + 0;
        out[is2] = rs2 * std32 + 0;
        out[ic3] = rc3 * std32 + 0;
        out[is3] = rs3 * std32 + 0;
      } else {
        out[ic0] = fma32(rc0, std32, mean32);
        out[is0] = fma32(rs0, std32, mean32);
        out[ic1] = fma32(rc1, std32, mean32);
        out[is1] = fma32(rs1, std32, mean32);
        out[ic2] = fma32(rc2, std32, mean32);
        out[is2] = fma32(rs2, std32, mean32);
        out[ic3] = fma32(rc3, std32, mean32);
        out[is3] = fma32(rs3, std32, mean32);
      }
    }
    // ---- END GENERATED ----
  }
}

/** Holds the 16 untempered words of a block that straddles a twist. */
const straddle = new Int32Array(16);

/** Copies the next 16 untempered words into `straddle`, twisting when needed (as 16 draws). */
function gatherBlock(gen: Generator): void {
  const eng = gen.engine;
  for (let i = 0; i < 16; i++) {
    eng.available();
    straddle[i] = eng.stateI32[eng.next]!;
    eng.consume(1);
  }
}

/** The vectorised float32 fill for n ≥ 16. */
export function fillNormalVec32(gen: Generator, out: Float32Array, mean: number, std: number): void {
  const n = out.length;
  const mean32 = Math.fround(mean);
  const std32 = Math.fround(std);
  const eng = gen.engine;
  const wasm = wasmRng(); // the same kernel in WebAssembly SIMD (assembly/rng-normal.ts), or null
  if (wasm) {
    wasm.normal32(eng, out, mean32, std32);
    return;
  }
  const full = n - (n % 16);
  let o = 0;
  while (o < full) {
    // Whole blocks straight from the state words before the next twist.
    const blocks = Math.min(eng.available() >> 4, (full - o) >> 4);
    if (blocks > 0) {
      normalBlocksFromState32(eng.stateI32, eng.next, blocks << 4, out, o, mean32, std32);
      eng.consume(blocks << 4);
      o += blocks << 4;
    } else {
      gatherBlock(gen); // fewer than 16 words before the twist
      normalBlocksFromState32(straddle, 0, 16, out, o, mean32, std32);
      o += 16;
    }
  }
  if (n % 16 !== 0) {
    // PyTorch drew all n uniforms, then redraws the last 16 slots and transforms them:
    // the n % 16 draws of the partial block are consumed and overwritten.
    for (let i = n % 16; i > 0; ) {
      const run = Math.min(eng.available(), i);
      eng.consume(run);
      i -= run;
    }
    gatherBlock(gen);
    normalBlocksFromState32(straddle, 0, 16, out, n - 16, mean32, std32);
  }
}

/** `normal_fill_16<double>`: the block transform in binary64 with a fused final step. */
function transform16f64(d: Float64Array, j0: number, mean: number, std: number): void {
  for (let j = j0; j < j0 + 8; j++) {
    const u1 = 1 - d[j]!;
    const u2 = d[j + 8]!;
    const radius = Math.sqrt(-2 * libm.log(u1));
    const theta = TWO_PI * u2;
    d[j] = fma64(radius * libm.cos(theta), std, mean);
    d[j + 8] = fma64(radius * libm.sin(theta), std, mean);
  }
}

/** The vectorised float64 fill for n ≥ 16 (two engine draws per uniform). */
export function fillNormalVec64(gen: Generator, out: Float64Array, mean: number, std: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = gen.random53();
  for (let i = 0; i + 16 <= n; i += 16) transform16f64(out, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = gen.random53();
    transform16f64(out, n - 16, mean, std);
  }
}

/**
 * One standard normal from `at::normal_distribution<double>`: the first uniform is the
 * angle and the second the radius (the reverse of the vectorised path); `cos` is returned
 * and `r·sin θ` is cached in the generator for its next call.
 */
export function scalarStandardNormal(gen: Generator): number {
  const cached = gen.nextDoubleNormal;
  if (cached !== null) {
    gen.nextDoubleNormal = null;
    return cached;
  }
  const u1 = gen.random53();
  const u2 = gen.random53();
  const r = Math.sqrt(-2 * (behaviour.scalarNormalLog1p() ? libm.log1p(-u2) : libm.log(1 - u2)));
  const theta = TWO_PI * u1;
  gen.nextDoubleNormal = r * libm.sin(theta);
  return r * libm.cos(theta);
}

/** The scalar path: per element, `fma(v, std, mean)` in double, then cast to the dtype. */
export function fillNormalScalar(gen: Generator, out: Float32Array | Float64Array, mean: number, std: number): void {
  for (let i = 0; i < out.length; i++) out[i] = fma64(scalarStandardNormal(gen), std, mean);
}

/** Dispatches like `normal_kernel`: vectorised for n ≥ 16, scalar below. */
export function fillNormal(gen: Generator, out: Float32Array | Float64Array, mean: number, std: number): void {
  if (out.length < VECTORISED_NORMAL_MIN) fillNormalScalar(gen, out, mean, std);
  else if (out instanceof Float32Array) fillNormalVec32(gen, out, mean, std);
  else fillNormalVec64(gen, out, mean, std);
}
