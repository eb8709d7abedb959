// fmaf(a, b, c) on two binary64 lanes holding binary32 values, without a hardware FMA.
// p = a·b is exact in binary64 (24 + 24 bits) and s = p + c has one rounding; demoting s to
// binary32 could round twice. Rounding s to ODD instead (nudging it one ulp toward the exact sum
// when it is inexact and its last bit is even) makes the demotion correct, since 53 ≥ 2·24 + 2
// (Boldo & Melquiond, IEEE TC 2008). The TwoSum error e tells whether s was exact and on which
// side the exact sum lies; e is NaN only if s is not finite.
//
// The nudge only matters where s is exactly a binary32 midpoint: the exact sum x and
// s = RN64(x) lie on the same side of every midpoint (midpoints are binary64 numbers and RN64 is
// monotonic), unless s is one. For a binary32-normal s that means its 29 bits below binary32's
// last are 1000…0; below 2^-126 (subnormal results) the test differs, so those lanes take the
// round-to-odd path too, as do midpoints, about 2^-29 of random lanes.

import { RELAXED } from "./relaxed";

const LOW29: i64 = 0x1fffffff;
const HALF29: i64 = 0x10000000;
const TINY: f64 = 1.1754943508222875e-38; // 2^-126

/** s = fl64(p + c), rounded to odd where demoting it to binary32 could round twice. */
@inline export function roundForDemote2(p: v128, c: v128, s: v128): v128 {
  const zero = f64x2.splat(0);
  const midpoint = i64x2.eq(v128.and(s, i64x2.splat(LOW29)), i64x2.splat(HALF29));
  const subnormal = v128.and(f64x2.lt(f64x2.abs(s), f64x2.splat(TINY)), f64x2.ne(s, zero));
  if (!v128.any_true(v128.or(midpoint, subnormal))) return s;
  const one = i64x2.splat(1);
  const bb = f64x2.sub(s, p);
  const e = f64x2.add(f64x2.sub(p, f64x2.sub(s, bb)), f64x2.sub(c, bb));
  // Nudge where e ≠ 0 (e == e: not NaN) and s's last bit is 0: +1 ulp in magnitude when e has
  // s's sign, −1 otherwise; as integers, bits ± 1.
  const inexact = v128.and(f64x2.ne(e, zero), f64x2.eq(e, e));
  const even = i64x2.eq(v128.and(s, one), i64x2.splat(0));
  const away = i64x2.eq(v128.and(v128.xor(s, e), i64x2.splat(0x8000000000000000)), i64x2.splat(0));
  const step = v128.bitselect(one, i64x2.splat(-1), away);
  return i64x2.add(s, v128.and(step, v128.and(inexact, even)));
}

/** The binary64 value of each lane rounded to binary32 (Math.fround on f64x2). */
@inline export function fround2(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(v));
}

/** fmaf(a, b, c) on two lanes of binary32 values held as binary64; the result likewise. */
@inline export function fmaf2(a: v128, b: v128, c: v128): v128 {
  const p = f64x2.mul(a, b);
  return fround2(roundForDemote2(p, c, f64x2.add(p, c)));
}

/** fmaf on two lanes: the relaxed build's real FMA on binary32 lanes, else `fmaf2`. */
@inline export function fmaLanes(a: v128, b: v128, c: v128): v128 {
  if (RELAXED) {
    return f64x2.promote_low_f32x4(f32x4.relaxed_madd(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), f32x4.demote_f64x2_zero(c)));
  }
  return fmaf2(a, b, c);
}

/** Two float32 at p (or one, when !pair) as binary64 lanes: the optimisers' loads (./adam.ts, ./sgd.ts). */
@inline export function loadLanes(p: usize, pair: bool): v128 {
  return f64x2.promote_low_f32x4(pair ? v128.load64_zero(p) : v128.load32_zero(p));
}

/** The lanes of v rounded to float32, stored as two float32 at p (or one, when !pair). */
@inline export function storeLanes(p: usize, v: v128, pair: bool): void {
  const f = f32x4.demote_f64x2_zero(v);
  if (pair) v128.store64_lane(p, f, 0);
  else v128.store32_lane(p, f, 0);
}
