// Binary32 fused multiply-add for the float32 fills, emulated in binary64 (WebAssembly SIMD
// has no FMA without relaxed-SIMD). The TS oracle is `fma32`/`fma32Tie` in src/math/fma.ts:
// for float32 a, b, c the product p = a·b is exact in binary64 (24 + 24 ≤ 53 bits), so
// s = fl64(p + c) carries one rounding and demoting s to binary32 is the fused result unless
// s lies exactly on a binary32 midpoint (a double-rounding tie): then the sign of the
// binary64 error of the sum (TwoSum) decides, and only then. Ties are rare, so the vector
// path flags them and the lanes are recomputed by the scalar port below.
// In the relaxed build (assembly/relaxed.ts) both are one f32x4.relaxed_madd: the hardware FMA
// rounds a·b + c once, which is the definition of fma32, so no tie check is needed.

import { RELAXED, madd32 } from "./relaxed";

/** The largest finite binary32 value, 2^128 − 2^104, and the overflow midpoint 2^128 − 2^103. */
const F32_MAX: f64 = 3.4028234663852886e38;
const F32_OVERFLOW_MID: f64 = 3.4028235677973366e38;

/** `fma32Tie`: s = fl64(p + c) is a binary32 midpoint (or overflowed) and r = fround(s). */
function fmaTie(p: f64, c: f64, s: f64, r: f64): f64 {
  const bb = s - p;
  const err = p - (s - bb) + (c - bb); // exact sum = s + err
  if (r == Infinity || r == -Infinity) {
    if (Math.abs(s) == F32_OVERFLOW_MID && err != 0 && (err > 0) != (s > 0)) return s > 0 ? F32_MAX : -F32_MAX;
    return r;
  }
  if (err == 0) return r;
  const n = 2 * s - r;
  return (err > 0) == (n > r) ? n : r;
}

/** `fma32(a, b, c)` on one lane, exactly as src/math/fma.ts computes it. */
export function fma32s(a: f64, b: f64, c: f64): f32 {
  if (RELAXED) return madd32(<f32>a, <f32>b, <f32>c); // a, b, c are binary32 values: exact casts
  const p = a * b;
  const s = p + c;
  const r = <f64><f32>s;
  if (r == s) return <f32>r;
  const n = 2 * s - r;
  if (<f64><f32>n != n) return <f32>r;
  return <f32>fmaTie(p, c, s, r);
}

/** Rounds two binary64 lanes to binary32 and back (Math.fround on f64x2). */
@inline export function round2(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v));
}

/** The two f64 lanes of f32x4 lanes 0,1 / 2,3. */
@inline export function lo2(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
@inline export function hi2(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/** f32x4 from two f64x2 halves (each rounded to binary32 once). */
@inline export function join4(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/**
 * Lanes where demoting s = fl64(p + c) to binary32 may not be the fused result: s is not a
 * binary32 and 2s − fround(s) is (s sits on a midpoint, or fround(s) overflowed).
 */
@inline export function tieMask2(s: v128): v128 {
  const r = round2(s);
  const n = f64x2.sub(f64x2.add(s, s), r);
  return v128.and(f64x2.ne(r, s), f64x2.eq(round2(n), n));
}

/**
 * fma32 on four lanes: a, b, c are f32x4 (float32 values); b and c are the same in every
 * lane (the uniform range / normal std and from / mean). Returns the f32x4 result.
 */
@inline export function fma4(a: v128, b: f64, c: f64): v128 {
  if (RELAXED) return f32x4.relaxed_madd(a, f32x4.splat(<f32>b), f32x4.splat(<f32>c));
  const bv = f64x2.splat(b);
  const cv = f64x2.splat(c);
  const slo = f64x2.add(f64x2.mul(lo2(a), bv), cv);
  const shi = f64x2.add(f64x2.mul(hi2(a), bv), cv);
  let r = join4(slo, shi);
  if (v128.any_true(v128.or(tieMask2(slo), tieMask2(shi)))) {
    r = f32x4.replace_lane(r, 0, fma32s(<f64>f32x4.extract_lane(a, 0), b, c));
    r = f32x4.replace_lane(r, 1, fma32s(<f64>f32x4.extract_lane(a, 1), b, c));
    r = f32x4.replace_lane(r, 2, fma32s(<f64>f32x4.extract_lane(a, 2), b, c));
    r = f32x4.replace_lane(r, 3, fma32s(<f64>f32x4.extract_lane(a, 3), b, c));
  }
  return r;
}
