// float32 `normal_` for n ≥ 16 on PyTorch's AVX2 profile (spec §3.2–3.3): Box–Muller on
// blocks of 16 with the Cephes `log256_ps` / `sincos256_ps` polynomials and GCC's fusions.
// Oracle: `normalBlocksFromState32` in src/random/normal.ts, proved bit-identical to the
// frozen original over all 2^24 radius and all 2^24 angle inputs (bench/micro/exhaustive.mjs);
// this kernel is checked the same way against it (bench/micro/exhaustive-wasm.mjs).
//
// Input: TEMPERED words (assembly/rng-mt.ts `mtDraw`), transformed in place into floats.
// In a block at b, slot j (0..7) gives the radius from u1 = 1 − (w & 0xFFFFFF)·2^-24 and
// slot j+8 the angle θ = fl32(fl32(2π)·(w & 0xFFFFFF)·2^-24); out[j] = fma(r·cos θ, std, mean),
// out[j+8] = fma(r·sin θ, std, mean). Blocks are independent, so [start, end) (multiples of 16)
// of one buffer may be transformed separately (e.g. by worker threads).
//
// Arithmetic: the exact integer/bit steps run on i32x4/f32x4 (4 pairs); the float chains run
// on f64x2 halves, exactly as the TS kernel runs them in doubles: a product of two binary32
// values is exact in binary64, so fl32(fl64(a·b + c)) is the fused a·b + c wherever the
// binary64 sum never lands on a binary32 midpoint — which exhaustive.mjs audited at every
// fused site of LOG and SINCOS for all 2^24 inputs — and `round2` (demote + promote) is
// Math.fround. Plain binary32 ops are the binary64 op then `round2` (53 ≥ 2·24 + 2, so the
// double rounding is harmless). The last step, fma(·, std, mean), has arbitrary operands and
// uses the tie-checked fma4.

import { fma4, hi2, lo2, round2 } from "./rng-fma";

const LOW24: i32 = 0xffffff;
// Cephes constants, each the binary32 value of the literal in avx_mathfun.h (printed exactly).
const SQRTHF: f32 = 0.7071067690849304;
const P0: f64 = 0.07037683576345444;
const P1: f64 = -0.11514610052108765;
const P2: f64 = 0.11676998436450958;
const P3: f64 = -0.12420140951871872;
const P4: f64 = 0.14249323308467865;
const P5: f64 = -0.16668057441711426;
const P6: f64 = 0.2000071406364441;
const P7: f64 = -0.24999994039535522;
const P8: f64 = 0.3333333134651184;
/** ln 2 = Q2 + Q1 (Cody–Waite split). */
const Q1: f64 = -0.00021219444170128554;
const Q2: f64 = 0.693359375;
/** fl32(2π)·2^-24: θ = fl32(k·TH) for the 24-bit draw k. */
const TH: f32 = 3.7450703871400037e-7;
/** −π/4 in three parts (Cody–Waite). */
const DP1: f64 = -0.78515625;
const DP2: f64 = -0.00024187564849853516;
const DP3: f64 = -3.774895063202166e-8;
const C0: f64 = 0.0000244331567955669;
const C1: f64 = -0.0013887316454201937;
const C2: f64 = 0.04166664555668831;
const S0: f64 = -0.00019515295571181923;
const S1: f64 = 0.008332161232829094;
const S2: f64 = -0.16666655242443085;

@inline function sp(v: f64): v128 {
  return f64x2.splat(v);
}
/** fl32(a·b + c) fused, on two binary64 lanes holding binary32 values. */
@inline function fmaR(a: v128, b: v128, c: v128): v128 {
  return round2(f64x2.add(f64x2.mul(a, b), c));
}
/** fl32(a·b). */
@inline function mulR(a: v128, b: v128): v128 {
  return round2(f64x2.mul(a, b));
}

/** LOG steps 7–12 and the radius fl32(√(−2·LOG(u1))) on two lanes; x, z = fl32(x²), e as binary64. */
@inline function radius2(x: v128, z: v128, e: v128): v128 {
  let y = fmaR(sp(P0), x, sp(P1));
  y = fmaR(y, x, sp(P2));
  y = fmaR(y, x, sp(P3));
  y = fmaR(y, x, sp(P4));
  y = fmaR(y, x, sp(P5));
  y = fmaR(y, x, sp(P6));
  y = fmaR(y, x, sp(P7));
  y = fmaR(y, x, sp(P8));
  y = mulR(y, x);
  y = fmaR(y, z, mulR(e, sp(Q1))); // the y·z product is the fused one; e·q1 is rounded first
  y = round2(f64x2.sub(y, f64x2.mul(z, sp(0.5)))); // fma(−z, 0.5, y): z/2 is exact
  const l = fmaR(e, sp(Q2), round2(f64x2.add(x, y)));
  return round2(f64x2.sqrt(f64x2.mul(l, sp(-2))));
}

/**
 * SINCOS steps 2–6 on two lanes: θ and the even octant q as binary64. Returns the cosine
 * polynomial; the sine polynomial is left in `ysOut` (module global, as AS has no tuples).
 */
let ysOut: v128 = i32x4.splat(0);
@inline function sincos2(theta: v128, q: v128): v128 {
  // Steps 1 and 2 of the reduction are exact in binary64 and already binary32 (audited).
  const xr = fmaR(q, sp(DP3), f64x2.add(f64x2.mul(q, sp(DP2)), f64x2.add(f64x2.mul(q, sp(DP1)), theta)));
  const z = mulR(xr, xr);
  let yc = fmaR(sp(C0), z, sp(C1));
  let ys = fmaR(sp(S0), z, sp(S1));
  yc = fmaR(yc, z, sp(C2));
  ys = fmaR(ys, z, sp(S2));
  yc = mulR(yc, z);
  ys = mulR(ys, z);
  yc = fmaR(yc, z, f64x2.neg(f64x2.mul(z, sp(0.5)))); // fma(yc, z, −fl32(z·0.5)), z·0.5 exact
  ysOut = fmaR(ys, xr, xr);
  return round2(f64x2.add(yc, sp(1)));
}

/** Four Box–Muller pairs: radius words at p (slots j..j+3), angle words at p + 32 (slots j+8..). */
@inline function pairs4(p: usize, mean: f64, std: f64): void {
  const a = v128.load(p);
  const g = v128.load(p + 32);
  // LOG steps 1–6 (exact): J = 2^24 − k ∈ [1, 2^24], u1 = J·2^-24. Converting J to binary32 is
  // exact and gives u1's mantissa bits; e = exponent(u1) + 1 = exponent(J) − 23.
  const J = i32x4.sub(i32x4.splat(0x1000000), v128.and(a, i32x4.splat(LOW24)));
  const bits = f32x4.convert_i32x4_s(J);
  const m = v128.or(v128.and(bits, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000)); // ∈ [0.5, 1)
  const t = f32x4.lt(m, f32x4.splat(SQRTHF)); // all ones where m < √½: e −= 1, x = 2m − 1
  const e = i32x4.add(i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(150)), t);
  const x = f32x4.add(f32x4.sub(m, f32x4.splat(1)), v128.and(m, t));
  const z = f32x4.mul(x, x);
  const rLo = radius2(lo2(x), lo2(z), f64x2.convert_low_i32x4_s(e));
  const rHi = radius2(hi2(x), hi2(z), f64x2.convert_low_i32x4_s(i32x4.shuffle(e, e, 2, 3, 2, 3)));
  // SINCOS step 1: octant j = trunc(fl32(θ·4/π)) = k >> 21 for every k (audited), q = (j+1) & ~1.
  const k = v128.and(g, i32x4.splat(LOW24));
  const h = i32x4.shr_s(i32x4.add(i32x4.shr_s(k, 21), i32x4.splat(1)), 1);
  const q = i32x4.shl(h, 1);
  const theta = f32x4.mul(f32x4.convert_i32x4_s(k), f32x4.splat(TH));
  const ycLo = sincos2(lo2(theta), f64x2.convert_low_i32x4_s(q));
  const ysLo = ysOut;
  const ycHi = sincos2(hi2(theta), f64x2.convert_low_i32x4_s(i32x4.shuffle(q, q, 2, 3, 2, 3)));
  const ysHi = ysOut;
  // r·yc and r·ys, each rounded once (the products are exact in binary64).
  const rc = i32x4.shuffle(f32x4.demote_f64x2_zero(f64x2.mul(rLo, ycLo)), f32x4.demote_f64x2_zero(f64x2.mul(rHi, ycHi)), 0, 1, 4, 5);
  const rs = i32x4.shuffle(f32x4.demote_f64x2_zero(f64x2.mul(rLo, ysLo)), f32x4.demote_f64x2_zero(f64x2.mul(rHi, ysHi)), 0, 1, 4, 5);
  // Step 7: q & 2 swaps the polynomials; the sign bits are q & 4 (sine) and ~(q − 2) & 4
  // (cosine), i.e. bit 1 of h and of ~(h − 1), moved to bit 31 (negation is exact).
  const swap = i32x4.ne(v128.and(h, i32x4.splat(1)), i32x4.splat(0));
  const sinSign = v128.and(i32x4.shl(h, 30), i32x4.splat(0x80000000));
  const cosSign = v128.and(i32x4.shl(v128.not(i32x4.sub(h, i32x4.splat(1))), 30), i32x4.splat(0x80000000));
  const c = v128.xor(v128.bitselect(rs, rc, swap), cosSign);
  const s = v128.xor(v128.bitselect(rc, rs, swap), sinSign);
  v128.store(p, fma4(c, std, mean));
  v128.store(p + 32, fma4(s, std, mean));
}

/**
 * Box–Muller in place on buf[start..end) (tempered words in, floats out; start and end are
 * multiples of 16 relative to the block grid), with mean32/std32 the binary32 mean and std.
 */
export function normalBlocks32(buf: usize, start: i32, end: i32, mean32: f64, std32: f64): void {
  for (let b = start; b < end; b += 16) {
    const p = buf + (<usize>b << 2);
    pairs4(p, mean32, std32);
    pairs4(p + 16, mean32, std32);
  }
}
