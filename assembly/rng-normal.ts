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
// fused site of LOG and SINCOS for all 2^24 inputs — and `rnd` (demote + promote) is
// Math.fround. Plain binary32 ops are the binary64 op then `rnd` (53 ≥ 2·24 + 2, so the
// double rounding is harmless). The last step, fma(·, std, mean), has arbitrary operands and
// uses the tie-checked fma4. Cost: each fused step is 4 instructions on 2 lanes where AVX2 needs
// 1 on 8, which is why this transform is ~88 % of normal_'s time (bench/micro/rng-phases.mjs).
//
// Relaxed build (assembly/relaxed.ts): `block16Relaxed` runs the same steps in binary32 on
// f32x4, four lanes per instruction, with each fused step one f32x4.relaxed_madd (one rounding,
// as vfmadd*ps) and each unfused step a binary32 mul/add/sub (one rounding each): the spec's
// §3.3 step list read literally, no binary64 detour and no demote/promote.

import { fma4, hi2, join4, lo2 } from "./rng-fma";
import { RELAXED } from "./relaxed";

const LOW24: i32 = 0xffffff;
const SQRTHF: f32 = 0.7071067690849304; // fl32(√½)
/** fl32(2π)·2^-24: θ = fl32(k·TH) for the 24-bit draw k. */
const TH: f32 = 3.7450703871400037e-7;
/** −π/4 in three parts (Cody–Waite); the first two as binary32 for the f32x4 steps. */
const DP1F: f32 = -0.78515625;
const DP2F: f32 = -0.00024187564849853516;

// The binary64 constants, each twice (one f64x2), in a table in the module's data, indexed
// below (`k(P0)`; binaryen keeps the loads in locals; measured as fast as v128.const operands).
// Values: the binary32 value of each literal in avx_mathfun.h, printed exactly.
const KTAB = memory.data<f64>([
  0.07037683576345444, 0.07037683576345444, // P0..P8: LOG polynomial
  -0.11514610052108765, -0.11514610052108765,
  0.11676998436450958, 0.11676998436450958,
  -0.12420140951871872, -0.12420140951871872,
  0.14249323308467865, 0.14249323308467865,
  -0.16668057441711426, -0.16668057441711426,
  0.2000071406364441, 0.2000071406364441,
  -0.24999994039535522, -0.24999994039535522,
  0.3333333134651184, 0.3333333134651184,
  -0.00021219444170128554, -0.00021219444170128554, // Q1, Q2: ln 2 = Q2 + Q1
  0.693359375, 0.693359375,
  -3.774895063202166e-8, -3.774895063202166e-8, // DP3
  0.0000244331567955669, 0.0000244331567955669, // C0..C2: cosine polynomial
  -0.0013887316454201937, -0.0013887316454201937,
  0.04166664555668831, 0.04166664555668831,
  -0.00019515295571181923, -0.00019515295571181923, // S0..S2: sine polynomial
  0.008332161232829094, 0.008332161232829094,
  -0.16666655242443085, -0.16666655242443085,
  0.5, 0.5, // HALF
  1.0, 1.0, // ONE
], 16);
const P0 = 0, P1 = 1, P2 = 2, P3 = 3, P4 = 4, P5 = 5, P6 = 6, P7 = 7, P8 = 8, Q1 = 9, Q2 = 10, DP3 = 11;
const C0 = 12, C1 = 13, C2 = 14, S0 = 15, S1 = 16, S2 = 17, HALF = 18, ONE = 19;
@inline function k(i: i32): v128 {
  return v128.load(KTAB + (<usize>i << 4));
}

/**
 * Math.fround on two binary64 lanes: demote + promote. (Veltkamp's split g = v·(2^29 + 1),
 * g − (g − v), also rounds to 24 bits with ties to even, and keeps off the shuffle port, but
 * measured ~10 % slower here on Zen 5: the FP add/mul pipes are the busier ones.)
 */
@inline function rnd(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v));
}

/** LOG steps 1–6 (exact) on four radius words: x (f32x4), and e (i32x4) into `eOut`. */
let eOut: v128 = i32x4.splat(0);
@inline function logFront(a: v128): v128 {
  // J = 2^24 − k ∈ [1, 2^24], u1 = J·2^-24. Converting J to binary32 is exact and gives u1's
  // mantissa bits; e = exponent(u1) + 1 = exponent(J) − 23; if m < √½: e −= 1 and x = 2m − 1.
  const J = i32x4.sub(i32x4.splat(0x1000000), v128.and(a, i32x4.splat(LOW24)));
  const bits = f32x4.convert_i32x4_s(J);
  const m = v128.or(v128.and(bits, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000)); // ∈ [0.5, 1)
  const t = f32x4.lt(m, f32x4.splat(SQRTHF)); // all ones where m < √½
  eOut = i32x4.add(i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(150)), t);
  return f32x4.add(f32x4.sub(m, f32x4.splat(1)), v128.and(m, t));
}

/**
 * SINCOS steps 1–2a on four angle words: returns the octant h (i32x4, q = 2h) and leaves
 * w = θ + q·DP1 + q·DP2 (f32x4) in `thOut`. The octant j = trunc(fl32(θ·4/π)) equals k >> 21
 * for every k (audited in bench/micro/exhaustive.mjs), and q = (j + 1) & ~1.
 */
let thOut: v128 = i32x4.splat(0);
@inline function angleFront(g: v128): v128 {
  const kk = v128.and(g, i32x4.splat(LOW24));
  const h = i32x4.shr_s(i32x4.add(i32x4.shr_s(kk, 21), i32x4.splat(1)), 1);
  const q = f32x4.convert_i32x4_s(i32x4.shl(h, 1));
  const theta = f32x4.mul(f32x4.convert_i32x4_s(kk), f32x4.splat(TH));
  // Cody–Waite steps 1–2: q·DP1 and q·DP2 are exact in binary32 (q ≤ 8) and so are both
  // sums (audited: bench/micro/exhaustive.mjs E, bench/micro/fused-sites.mjs), so the
  // fused and the plain binary32 forms agree.
  thOut = f32x4.add(f32x4.add(theta, f32x4.mul(q, f32x4.splat(DP1F))), f32x4.mul(q, f32x4.splat(DP2F)));
  return h;
}

/**
 * SINCOS step 7 and the output: q & 2 swaps the polynomials; the sign bits are q & 4 (sine)
 * and ~(q − 2) & 4 (cosine), i.e. bit 1 of h and of ~(h − 1), moved to bit 31 (negation is
 * exact). Stores fma(r·cos, std, mean) at p and fma(r·sin, std, mean) at p + 32.
 */
@inline function finish(p: usize, h: v128, rc: v128, rs: v128, mean: f64, std: f64): void {
  const swap = i32x4.ne(v128.and(h, i32x4.splat(1)), i32x4.splat(0));
  const sinSign = v128.and(i32x4.shl(h, 30), i32x4.splat(0x80000000));
  const cosSign = v128.and(i32x4.shl(v128.not(i32x4.sub(h, i32x4.splat(1))), 30), i32x4.splat(0x80000000));
  v128.store(p, fma4(v128.xor(v128.bitselect(rs, rc, swap), cosSign), std, mean));
  v128.store(p + 32, fma4(v128.xor(v128.bitselect(rc, rs, swap), sinSign), std, mean));
}

// The binary32 constants of the relaxed path (the same values as KTAB's, which are binary32).
const FP0: f32 = 0.07037683576345444, FP1: f32 = -0.11514610052108765, FP2: f32 = 0.11676998436450958;
const FP3: f32 = -0.12420140951871872, FP4: f32 = 0.14249323308467865, FP5: f32 = -0.16668057441711426;
const FP6: f32 = 0.2000071406364441, FP7: f32 = -0.24999994039535522, FP8: f32 = 0.3333333134651184;
const FQ1: f32 = -0.00021219444170128554, FQ2: f32 = 0.693359375, FDP3: f32 = -3.774895063202166e-8;
const FC0: f32 = 0.0000244331567955669, FC1: f32 = -0.0013887316454201937, FC2: f32 = 0.04166664555668831;
const FS0: f32 = -0.00019515295571181923, FS1: f32 = 0.008332161232829094, FS2: f32 = -0.16666655242443085;

/** fma32(a, b, c) on four lanes: one rounding (relaxed build only). */
@inline function fm(a: v128, b: v128, c: v128): v128 {
  return f32x4.relaxed_madd(a, b, c);
}
@inline function F(c: f32): v128 {
  return f32x4.splat(c);
}

/**
 * LOG steps 7–12 (spec §3.3) on four lanes, fused exactly where GCC fused:
 * y = P0; y = fma(y, x, Pi) for i = 1..8; y = fl32(y·x); y = fma(y, z, fl32(e·Q1));
 * y = fma(−z, ½, y) (z/2 exact); x = fl32(x + y); return fma(e, Q2, x).
 */
@inline function logBack(x: v128, e: v128): v128 {
  const z = f32x4.mul(x, x);
  const ef = f32x4.convert_i32x4_s(e);
  let y = fm(F(FP0), x, F(FP1));
  y = fm(y, x, F(FP2));
  y = fm(y, x, F(FP3));
  y = fm(y, x, F(FP4));
  y = fm(y, x, F(FP5));
  y = fm(y, x, F(FP6));
  y = fm(y, x, F(FP7));
  y = fm(y, x, F(FP8));
  y = f32x4.mul(y, x);
  y = fm(y, z, f32x4.mul(ef, F(FQ1)));
  y = fm(z, F(-0.5), y);
  return fm(ef, F(FQ2), f32x4.add(x, y));
}

/**
 * Relaxed build: one block of 16 at p, binary32 on f32x4 (see the file comment). SINCOS steps
 * 2–6: xr = fma(q, DP3, w); z = fl32(xr²); yc = fma(fma(C0, z, C1), z, C2), yc = fl32(yc·z),
 * yc = fma(yc, z, −fl32(z·½)), yc = fl32(yc + 1); ys = fma(fma(S0, z, S1), z, S2),
 * ys = fl32(ys·z), ys = fma(ys, xr, xr). Radius fl32(√fl32(−2·LOG)), then finish's
 * fma(r·cos, std, mean) (fma4 is relaxed_madd in this build).
 */
@inline function block16Relaxed(p: usize, mean: f64, std: f64): void {
  const xA = logFront(v128.load(p));
  const eA = eOut;
  const xB = logFront(v128.load(p + 16));
  const eB = eOut;
  const hA = angleFront(v128.load(p + 32));
  const tA = thOut;
  const hB = angleFront(v128.load(p + 48));
  const tB = thOut;
  const rA = f32x4.sqrt(f32x4.mul(logBack(xA, eA), F(-2)));
  const rB = f32x4.sqrt(f32x4.mul(logBack(xB, eB), F(-2)));
  const xrA = fm(f32x4.convert_i32x4_s(i32x4.shl(hA, 1)), F(FDP3), tA);
  const xrB = fm(f32x4.convert_i32x4_s(i32x4.shl(hB, 1)), F(FDP3), tB);
  const zA = f32x4.mul(xrA, xrA);
  const zB = f32x4.mul(xrB, xrB);
  let ycA = fm(fm(F(FC0), zA, F(FC1)), zA, F(FC2));
  let ycB = fm(fm(F(FC0), zB, F(FC1)), zB, F(FC2));
  ycA = fm(f32x4.mul(ycA, zA), zA, f32x4.neg(f32x4.mul(zA, F(0.5))));
  ycB = fm(f32x4.mul(ycB, zB), zB, f32x4.neg(f32x4.mul(zB, F(0.5))));
  ycA = f32x4.add(ycA, F(1));
  ycB = f32x4.add(ycB, F(1));
  let ysA = fm(fm(F(FS0), zA, F(FS1)), zA, F(FS2));
  let ysB = fm(fm(F(FS0), zB, F(FS1)), zB, F(FS2));
  ysA = fm(f32x4.mul(ysA, zA), xrA, xrA);
  ysB = fm(f32x4.mul(ysB, zB), xrB, xrB);
  finish(p, hA, f32x4.mul(rA, ycA), f32x4.mul(rA, ysA), mean, std);
  finish(p + 16, hB, f32x4.mul(rB, ycB), f32x4.mul(rB, ysB), mean, std);
}

/** One block of 16 at p: radius words p[0..8), angle words p[8..16), transformed in place. */
@inline function block16(p: usize, mean: f64, std: f64): void {
  if (RELAXED) {
    block16Relaxed(p, mean, std);
    return;
  }
  const xA = logFront(v128.load(p));
  const eA = eOut;
  const xB = logFront(v128.load(p + 16));
  const eB = eOut;
  const zA = f32x4.mul(xA, xA);
  const zB = f32x4.mul(xB, xB);
  const hA = angleFront(v128.load(p + 32));
  const tA = thOut;
  const hB = angleFront(v128.load(p + 48));
  const tB = thOut;
  const qA = i32x4.shl(hA, 1);
  const qB = i32x4.shl(hB, 1);
  // Four f64x2 chains: 0, 1 = pairs 0–1, 2–3 (A); 2, 3 = pairs 4–5, 6–7 (B).
  const x0 = lo2(xA), x1 = hi2(xA), x2 = lo2(xB), x3 = hi2(xB);
  const z0 = lo2(zA), z1 = hi2(zA), z2 = lo2(zB), z3 = hi2(zB);
  const e0 = f64x2.convert_low_i32x4_s(eA), e1 = f64x2.convert_low_i32x4_s(i32x4.shuffle(eA, eA, 2, 3, 2, 3));
  const e2 = f64x2.convert_low_i32x4_s(eB), e3 = f64x2.convert_low_i32x4_s(i32x4.shuffle(eB, eB, 2, 3, 2, 3));
  const w0 = lo2(tA), w1 = hi2(tA), w2 = lo2(tB), w3 = hi2(tB);
  const q0 = f64x2.convert_low_i32x4_s(qA), q1 = f64x2.convert_low_i32x4_s(i32x4.shuffle(qA, qA, 2, 3, 2, 3));
  const q2 = f64x2.convert_low_i32x4_s(qB), q3 = f64x2.convert_low_i32x4_s(i32x4.shuffle(qB, qB, 2, 3, 2, 3));
  // ---- GENERATED (bench/micro/gen-normal-wasm.mjs) ----
  // LOG steps 7–12 (x, z = fl32(x²), e) and SINCOS steps 2–6 (w = θ + q·DP1 + q·DP2, q), interleaved
  let y0 = rnd(f64x2.add(f64x2.mul(x0, k(P0)), k(P1)));
  let y1 = rnd(f64x2.add(f64x2.mul(x1, k(P0)), k(P1)));
  let y2 = rnd(f64x2.add(f64x2.mul(x2, k(P0)), k(P1)));
  let y3 = rnd(f64x2.add(f64x2.mul(x3, k(P0)), k(P1)));
  const xr0 = rnd(f64x2.add(f64x2.mul(q0, k(DP3)), w0));
  const xr1 = rnd(f64x2.add(f64x2.mul(q1, k(DP3)), w1));
  const xr2 = rnd(f64x2.add(f64x2.mul(q2, k(DP3)), w2));
  const xr3 = rnd(f64x2.add(f64x2.mul(q3, k(DP3)), w3));
  y0 = rnd(f64x2.add(f64x2.mul(y0, x0), k(P2)));
  y1 = rnd(f64x2.add(f64x2.mul(y1, x1), k(P2)));
  y2 = rnd(f64x2.add(f64x2.mul(y2, x2), k(P2)));
  y3 = rnd(f64x2.add(f64x2.mul(y3, x3), k(P2)));
  const zz0 = rnd(f64x2.mul(xr0, xr0));
  const zz1 = rnd(f64x2.mul(xr1, xr1));
  const zz2 = rnd(f64x2.mul(xr2, xr2));
  const zz3 = rnd(f64x2.mul(xr3, xr3));
  y0 = rnd(f64x2.add(f64x2.mul(y0, x0), k(P3)));
  y1 = rnd(f64x2.add(f64x2.mul(y1, x1), k(P3)));
  y2 = rnd(f64x2.add(f64x2.mul(y2, x2), k(P3)));
  y3 = rnd(f64x2.add(f64x2.mul(y3, x3), k(P3)));
  let yc0 = rnd(f64x2.add(f64x2.mul(zz0, k(C0)), k(C1)));
  let yc1 = rnd(f64x2.add(f64x2.mul(zz1, k(C0)), k(C1)));
  let yc2 = rnd(f64x2.add(f64x2.mul(zz2, k(C0)), k(C1)));
  let yc3 = rnd(f64x2.add(f64x2.mul(zz3, k(C0)), k(C1)));
  y0 = rnd(f64x2.add(f64x2.mul(y0, x0), k(P4)));
  y1 = rnd(f64x2.add(f64x2.mul(y1, x1), k(P4)));
  y2 = rnd(f64x2.add(f64x2.mul(y2, x2), k(P4)));
  y3 = rnd(f64x2.add(f64x2.mul(y3, x3), k(P4)));
  let ys0 = rnd(f64x2.add(f64x2.mul(zz0, k(S0)), k(S1)));
  let ys1 = rnd(f64x2.add(f64x2.mul(zz1, k(S0)), k(S1)));
  let ys2 = rnd(f64x2.add(f64x2.mul(zz2, k(S0)), k(S1)));
  let ys3 = rnd(f64x2.add(f64x2.mul(zz3, k(S0)), k(S1)));
  y0 = rnd(f64x2.add(f64x2.mul(y0, x0), k(P5)));
  y1 = rnd(f64x2.add(f64x2.mul(y1, x1), k(P5)));
  y2 = rnd(f64x2.add(f64x2.mul(y2, x2), k(P5)));
  y3 = rnd(f64x2.add(f64x2.mul(y3, x3), k(P5)));
  yc0 = rnd(f64x2.add(f64x2.mul(yc0, zz0), k(C2)));
  yc1 = rnd(f64x2.add(f64x2.mul(yc1, zz1), k(C2)));
  yc2 = rnd(f64x2.add(f64x2.mul(yc2, zz2), k(C2)));
  yc3 = rnd(f64x2.add(f64x2.mul(yc3, zz3), k(C2)));
  y0 = rnd(f64x2.add(f64x2.mul(y0, x0), k(P6)));
  y1 = rnd(f64x2.add(f64x2.mul(y1, x1), k(P6)));
  y2 = rnd(f64x2.add(f64x2.mul(y2, x2), k(P6)));
  y3 = rnd(f64x2.add(f64x2.mul(y3, x3), k(P6)));
  ys0 = rnd(f64x2.add(f64x2.mul(ys0, zz0), k(S2)));
  ys1 = rnd(f64x2.add(f64x2.mul(ys1, zz1), k(S2)));
  ys2 = rnd(f64x2.add(f64x2.mul(ys2, zz2), k(S2)));
  ys3 = rnd(f64x2.add(f64x2.mul(ys3, zz3), k(S2)));
  y0 = rnd(f64x2.add(f64x2.mul(y0, x0), k(P7)));
  y1 = rnd(f64x2.add(f64x2.mul(y1, x1), k(P7)));
  y2 = rnd(f64x2.add(f64x2.mul(y2, x2), k(P7)));
  y3 = rnd(f64x2.add(f64x2.mul(y3, x3), k(P7)));
  yc0 = rnd(f64x2.mul(yc0, zz0));
  yc1 = rnd(f64x2.mul(yc1, zz1));
  yc2 = rnd(f64x2.mul(yc2, zz2));
  yc3 = rnd(f64x2.mul(yc3, zz3));
  y0 = rnd(f64x2.add(f64x2.mul(y0, x0), k(P8)));
  y1 = rnd(f64x2.add(f64x2.mul(y1, x1), k(P8)));
  y2 = rnd(f64x2.add(f64x2.mul(y2, x2), k(P8)));
  y3 = rnd(f64x2.add(f64x2.mul(y3, x3), k(P8)));
  ys0 = rnd(f64x2.mul(ys0, zz0));
  ys1 = rnd(f64x2.mul(ys1, zz1));
  ys2 = rnd(f64x2.mul(ys2, zz2));
  ys3 = rnd(f64x2.mul(ys3, zz3));
  y0 = rnd(f64x2.mul(y0, x0));
  y1 = rnd(f64x2.mul(y1, x1));
  y2 = rnd(f64x2.mul(y2, x2));
  y3 = rnd(f64x2.mul(y3, x3));
  yc0 = rnd(f64x2.sub(f64x2.mul(yc0, zz0), f64x2.mul(zz0, k(HALF))));
  yc1 = rnd(f64x2.sub(f64x2.mul(yc1, zz1), f64x2.mul(zz1, k(HALF))));
  yc2 = rnd(f64x2.sub(f64x2.mul(yc2, zz2), f64x2.mul(zz2, k(HALF))));
  yc3 = rnd(f64x2.sub(f64x2.mul(yc3, zz3), f64x2.mul(zz3, k(HALF))));
  y0 = rnd(f64x2.add(f64x2.mul(y0, z0), rnd(f64x2.mul(e0, k(Q1)))));
  y1 = rnd(f64x2.add(f64x2.mul(y1, z1), rnd(f64x2.mul(e1, k(Q1)))));
  y2 = rnd(f64x2.add(f64x2.mul(y2, z2), rnd(f64x2.mul(e2, k(Q1)))));
  y3 = rnd(f64x2.add(f64x2.mul(y3, z3), rnd(f64x2.mul(e3, k(Q1)))));
  ys0 = f64x2.add(f64x2.mul(ys0, xr0), xr0);
  ys1 = f64x2.add(f64x2.mul(ys1, xr1), xr1);
  ys2 = f64x2.add(f64x2.mul(ys2, xr2), xr2);
  ys3 = f64x2.add(f64x2.mul(ys3, xr3), xr3);
  y0 = rnd(f64x2.sub(y0, f64x2.mul(z0, k(HALF))));
  y1 = rnd(f64x2.sub(y1, f64x2.mul(z1, k(HALF))));
  y2 = rnd(f64x2.sub(y2, f64x2.mul(z2, k(HALF))));
  y3 = rnd(f64x2.sub(y3, f64x2.mul(z3, k(HALF))));
  yc0 = f64x2.add(yc0, k(ONE));
  yc1 = f64x2.add(yc1, k(ONE));
  yc2 = f64x2.add(yc2, k(ONE));
  yc3 = f64x2.add(yc3, k(ONE));
  const l0 = f64x2.add(f64x2.mul(e0, k(Q2)), rnd(f64x2.add(x0, y0)));
  const l1 = f64x2.add(f64x2.mul(e1, k(Q2)), rnd(f64x2.add(x1, y1)));
  const l2 = f64x2.add(f64x2.mul(e2, k(Q2)), rnd(f64x2.add(x2, y2)));
  const l3 = f64x2.add(f64x2.mul(e3, k(Q2)), rnd(f64x2.add(x3, y3)));

  // ---- END GENERATED ----
  // Round once more into binary32 lanes: the radius fl32(√(−2·LOG)) (−2· is exact), cos/sin
  // polynomials, and r·yc, r·ys, each a single binary32 rounding.
  const rA = f32x4.sqrt(f32x4.mul(join4(l0, l1), f32x4.splat(-2)));
  const rB = f32x4.sqrt(f32x4.mul(join4(l2, l3), f32x4.splat(-2)));
  finish(p, hA, f32x4.mul(rA, join4(yc0, yc1)), f32x4.mul(rA, join4(ys0, ys1)), mean, std);
  finish(p + 16, hB, f32x4.mul(rB, join4(yc2, yc3)), f32x4.mul(rB, join4(ys2, ys3)), mean, std);
}

/**
 * Box–Muller in place on buf[start..end) (tempered words in, floats out; start and end are
 * multiples of 16 relative to the block grid), with mean32/std32 the binary32 mean and std.
 */
export function normalBlocks32(buf: usize, start: i32, end: i32, mean32: f64, std32: f64): void {
  for (let b = start; b < end; b += 16) block16(buf + (<usize>b << 2), mean32, std32);
}

/**
 * `normalBlocks32` with mean32 and std32 read as two f64 at `params` (params, params + 8):
 * the worker pool passes int32 arguments only (src/kernels/wasm/pool.ts `parallelCall`).
 */
export function normalBlocks32p(buf: usize, start: i32, end: i32, params: usize): void {
  normalBlocks32(buf, start, end, load<f64>(params), load<f64>(params, 8));
}
