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
import { behaviour } from "../compat.js";
import { fma32Tie, fma64 } from "../math/fma.js";
import type { Generator } from "./generator.js";

/** Below this many elements PyTorch uses the scalar path (`normal_kernel`). */
export const VECTORISED_NORMAL_MIN = 16;
const TWO_PI = 2 * Math.PI;

// ---------------------------------------------------------------------------------------
// The float32 AVX2 block transform (spec §3.3), fused and specialised.
//
// `normalTransformWords32` is `normal_fill_16_AVX2` on raw engine words: block b of 16
// words gives u1 = 1 − (w[j] & 0xFFFFFF)·2^-24 (radius) and u2 = (w[j+8] & 0xFFFFFF)·2^-24
// (angle) for j = 0..7. `logCephes`/`sincosCephes` (src/math/cephes.ts) are inlined by
// hand and specialised to these inputs, which take only 2^24 values each:
//
// - LOG: u1 = J·2^-24 with J = 2^24 − k ∈ [1, 2^24], so the exponent/mantissa split is
//   integer arithmetic: Jn = (J << clz(J)) >>> 8 ∈ [2^23, 2^24) is the 24-bit mantissa,
//   m = Jn·2^-24, e = 8 − clz(J) (before the √½ adjustment). m < SQRTHF ⇔ Jn < 11863283,
//   and x = m − 1 or 2m − 1 = ((Jn << t) − 2^24)·2^-24 exactly.
// - Fused multiply-adds whose binary64 sum a·b + c is exact for every possible input are
//   `Math.fround(a*b + c)`: then the one binary64 rounding is no rounding at all, so the
//   result is the single fused rounding. This holds for the eight Horner steps of LOG
//   (|y| ≥ 2^-5 so y·x is a multiple of 2^-52, |sum| < 2^-1), for its last step
//   e·q2 + x, for the three Cody–Waite steps (multiples of 2^-24, 2^-36, 2^-48 below 8)
//   and for the cosine's yc·z − z/2 (multiple of ulp(z)·2^-28, below 2^E(z)).
//   The other fused steps (LOG step 9, the two first steps of each sincos polynomial,
//   sin's ys·x + x, the final ·std + mean) keep the full `fma32` test inline: round, and
//   only if the binary64 sum sits exactly on a binary32 midpoint call `fma32Tie`.
// - theta = fround(fround(2π)·k·2^-24) = fround(k·(fround(2π)·2^-24)), both products exact.
// - Sign and polynomial selection are branch-free (they are coin flips per element).
//
// bench/micro/exhaustive.mjs checks this kernel against the frozen original over all 2^24
// radius inputs and all 2^24 angle inputs (bit for bit).

const SEL = new Float64Array(2);

/**
 * Transforms `count` (a multiple of 16) raw engine words into normals, writing
 * `out[outOffset .. outOffset+count)` exactly as `normal_fill_16_AVX2` with
 * `mean32`/`std32` (already rounded to float32).
 */
export function normalTransformWords32(
  w: Int32Array, count: number, out: Float32Array, outOffset: number, mean32: number, std32: number,
): void {
  const sel = SEL;
  const meanIsZero = mean32 === 0 && 1 / mean32 > 0; // +0 only: x + 0 is exact, and maps −0 to +0 like the fma
  for (let b = 0; b < count; b += 16) {
    const o = outOffset + b;
    for (let j = 0; j < 8; j++) {
      // ---- radius = sqrt(-2·LOG(u1)), u1 = J·2^-24
      const J = 0x1000000 - (w[b + j]! & 0xffffff);
      const lz = Math.clz32(J);
      const Jn = (J << lz) >>> 8;
      const t = (Jn - 11863283) >>> 31; // 1 iff m < SQRTHF
      const e = 8 - lz - t;
      const x = ((Jn << t) - 0x1000000) * 5.9604644775390625e-8; // 2^-24
      const z = Math.fround(x * x);
      let y = Math.fround(0.07037683576345444 * x - 0.11514610052108765);
      y = Math.fround(y * x + 0.11676998436450958);
      y = Math.fround(y * x - 0.12420140951871872);
      y = Math.fround(y * x + 0.14249323308467865);
      y = Math.fround(y * x - 0.16668057441711426);
      y = Math.fround(y * x + 0.2000071406364441);
      y = Math.fround(y * x - 0.24999994039535522);
      y = Math.fround(y * x + 0.3333333134651184);
      y = Math.fround(y * x);
      // y = fma32(y, z, fround(e·q1))
      const eq1 = Math.fround(e * -0.00021219444170128554);
      const yz = y * z;
      const s9 = yz + eq1;
      y = Math.fround(s9);
      if (y !== s9) {
        const mid = 2 * s9 - y;
        if (Math.fround(mid) === mid) y = fma32Tie(yz, eq1, s9, y);
      }
      y = Math.fround(y - z * 0.5);
      const lg = Math.fround(e * 0.693359375 + Math.fround(x + y));
      const radius = Math.fround(Math.sqrt(-2 * lg));

      // ---- (sin, cos) of theta = fround(2π_f · u2)
      const theta = Math.fround((w[b + j + 8]! & 0xffffff) * 3.7450703871400037e-7); // fround(2π)·2^-24
      let q = Math.fround(theta * 1.2732394933700562) | 0; // trunc(x·4/π), x ≥ 0
      q = (q + 1) & ~1;
      let xr = Math.fround(q * -0.78515625 + theta);
      xr = Math.fround(q * -0.00024187564849853516 + xr);
      xr = Math.fround(q * -3.774895063202166e-8 + xr);
      const zz = Math.fround(xr * xr);
      // cosine polynomial
      const c1p = 0.0000244331567955669 * zz;
      const c1s = c1p - 0.0013887316454201937;
      let yc = Math.fround(c1s);
      if (yc !== c1s) {
        const mid = 2 * c1s - yc;
        if (Math.fround(mid) === mid) yc = fma32Tie(c1p, -0.0013887316454201937, c1s, yc);
      }
      const c2p = yc * zz;
      const c2s = c2p + 0.04166664555668831;
      yc = Math.fround(c2s);
      if (yc !== c2s) {
        const mid = 2 * c2s - yc;
        if (Math.fround(mid) === mid) yc = fma32Tie(c2p, 0.04166664555668831, c2s, yc);
      }
      yc = Math.fround(yc * zz);
      yc = Math.fround(yc * zz - Math.fround(zz * 0.5));
      yc = Math.fround(yc + 1);
      // sine polynomial
      const s1p = -0.00019515295571181923 * zz;
      const s1s = s1p + 0.008332161232829094;
      let ys = Math.fround(s1s);
      if (ys !== s1s) {
        const mid = 2 * s1s - ys;
        if (Math.fround(mid) === mid) ys = fma32Tie(s1p, 0.008332161232829094, s1s, ys);
      }
      const s2p = ys * zz;
      const s2s = s2p - 0.16666655242443085;
      ys = Math.fround(s2s);
      if (ys !== s2s) {
        const mid = 2 * s2s - ys;
        if (Math.fround(mid) === mid) ys = fma32Tie(s2p, -0.16666655242443085, s2s, ys);
      }
      ys = Math.fround(ys * zz);
      const s3p = ys * xr;
      const s3s = s3p + xr;
      ys = Math.fround(s3s);
      if (ys !== s3s) {
        const mid = 2 * s3s - ys;
        if (Math.fround(mid) === mid) ys = fma32Tie(s3p, xr, s3s, ys);
      }
      // polySwap = q & 2 selects which polynomial is sin; signs are ±1 factors (exact).
      const swap = (q >> 1) & 1;
      sel[0] = ys;
      sel[1] = yc;
      const sn = sel[swap]! * (1 - ((q & 4) >> 1));
      const cs = sel[swap ^ 1]! * (1 - ((~(q - 2) & 4) >> 1));

      // ---- outputs: fma32(fround(radius·c), std32, mean32)
      const rc = Math.fround(radius * cs);
      const rs = Math.fround(radius * sn);
      if (meanIsZero) {
        out[o + j] = rc * std32 + 0; // exact product, one rounding in the store
        out[o + j + 8] = rs * std32 + 0;
      } else {
        const pc = rc * std32;
        const sc = pc + mean32;
        let vc = Math.fround(sc);
        if (vc !== sc) {
          const mid = 2 * sc - vc;
          if (Math.fround(mid) === mid) vc = fma32Tie(pc, mean32, sc, vc);
        }
        out[o + j] = vc;
        const ps = rs * std32;
        const ss = ps + mean32;
        let vs = Math.fround(ss);
        if (vs !== ss) {
          const mid = 2 * ss - vs;
          if (Math.fround(mid) === mid) vs = fma32Tie(ps, mean32, ss, vs);
        }
        out[o + j + 8] = vs;
      }
    }
  }
}

/** Raw-word scratch for the fused normal fill; a multiple of 16, small enough for L1. */
const NORMAL_CHUNK = 2048;
const normalScratch = new Int32Array(NORMAL_CHUNK);

/** The vectorised float32 fill for n ≥ 16. */
export function fillNormalVec32(gen: Generator, out: Float32Array, mean: number, std: number): void {
  const n = out.length;
  const mean32 = Math.fround(mean);
  const std32 = Math.fround(std);
  const eng = gen.engine;
  const full = n - (n % 16);
  for (let i = 0; i < full; i += NORMAL_CHUNK) {
    const m = Math.min(NORMAL_CHUNK, full - i);
    eng.fillU32(normalScratch, 0, m);
    normalTransformWords32(normalScratch, m, out, i, mean32, std32);
  }
  if (n % 16 !== 0) {
    // PyTorch drew all n uniforms, then redraws the last 16 slots and transforms them:
    // the n % 16 draws of the partial block are consumed and overwritten.
    eng.fillU32(normalScratch, 0, n % 16);
    eng.fillU32(normalScratch, 0, 16);
    normalTransformWords32(normalScratch, 16, out, n - 16, mean32, std32);
  }
}

/** `normal_fill_16<double>`: the block transform in binary64 with a fused final step. */
function transform16f64(d: Float64Array, j0: number, mean: number, std: number): void {
  for (let j = j0; j < j0 + 8; j++) {
    const u1 = 1 - d[j]!;
    const u2 = d[j + 8]!;
    const radius = Math.sqrt(-2 * Math.log(u1));
    const theta = TWO_PI * u2;
    d[j] = fma64(radius * Math.cos(theta), std, mean);
    d[j + 8] = fma64(radius * Math.sin(theta), std, mean);
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
  const r = Math.sqrt(-2 * (behaviour.scalarNormalLog1p() ? Math.log1p(-u2) : Math.log(1 - u2)));
  const theta = TWO_PI * u1;
  gen.nextDoubleNormal = r * Math.sin(theta);
  return r * Math.cos(theta);
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
