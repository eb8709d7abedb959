// ATen's float `calc_erfinv` on four lanes and the "1.13" trunc_normal_ transform built on
// it: the same operations as assembly/erfinv.ts (the scalar port), lane for lane. The central
// (|y| ≤ 0.7) and tail rational starts are both computed when the quad mixes them, then
// selected; the Newton steps use erff4/expf4. Fused Horner steps run on f64x2 halves: a·b is
// exact in binary64, so demoting fl64(a·b + c) is the binary32 FMA except on a binary32
// midpoint (`mad2`); a quad that meets one, or has a lane |y| ≥ 1 or NaN, takes the scalar port.

import { erfinvAten } from "./erfinv";
import { erff4 } from "./erff-simd";
import { expf4, logf4 } from "./libm32-simd";
import { hi2, join4, lo2 } from "./rng-fma";

const A0: f32 = 0.886226899;
const A1: f32 = -1.645349621;
const A2: f32 = 0.914624893;
const A3: f32 = -0.140543331;
const B0: f32 = -2.118377725;
const B1: f32 = 1.442710462;
const B2: f32 = -0.329097515;
const B3: f32 = 0.012229801;
const C0: f32 = -1.970840454;
const C1: f32 = -1.624906493;
const C2: f32 = 3.429567803;
const C3: f32 = 1.641345311;
const D0: f32 = 3.5438892;
const D1: f32 = 1.6370678;
const CENTRAL_RANGE: f32 = 0.7;
const SIGN: i32 = 0x80000000;

@inline function S(c: f32): v128 {
  return f32x4.splat(c);
}

/** 2^-125: below it a binary32 result may be subnormal, where the midpoint test below does not apply. */
const TINY: f64 = 2.350988701644575e-38;

/** Lanes where demoting the double s may differ from the fused result: s a binary32 midpoint (or tiny). */
@inline function tie2(s: v128): v128 {
  const mid = i64x2.eq(v128.and(s, i64x2.splat(0x1fffffff)), i64x2.splat(0x10000000));
  return v128.or(mid, f64x2.lt(f64x2.abs(s), f64x2.splat(TINY)));
}

/** The double-rounding-tie lanes seen by `mad2` since the last reset (a wasm global: per instance, per thread). */
let ties: v128 = i64x2.splat(0);

/**
 * fmaf(p, z, c) on an f64x2 half holding binary32 values: fl32(fl64(p·z + c)), exact unless
 * s is a binary32 midpoint, which is recorded in `ties` (the caller then redoes the quad).
 * A midpoint of the binary32 grid has double significand bits 28..0 = 1 followed by 28 zeros.
 */
@inline function mad2(p: v128, z: v128, c: f32): v128 {
  const s = f64x2.add(f64x2.mul(p, z), f64x2.splat(<f64>c));
  ties = v128.or(ties, tie2(s));
  return f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(s));
}

@inline function D(c: f32): v128 {
  return f64x2.splat(<f64>c);
}

/** The quad by the scalar port. */
function erfinvScalar4(y: v128, K: f32): v128 {
  return f32x4(erfinvAten(f32x4.extract_lane(y, 0), K), erfinvAten(f32x4.extract_lane(y, 1), K),
    erfinvAten(f32x4.extract_lane(y, 2), K), erfinvAten(f32x4.extract_lane(y, 3), K));
}

/** `calc_erfinv<float>` on four lanes (K: the version's Newton constant). */
export function erfinv4(y: v128, K: f32): v128 {
  const ay = f32x4.abs(y);
  if (!i32x4.all_true(f32x4.lt(ay, S(1)))) return erfinvScalar4(y, K);
  const central = f32x4.le(ay, S(CENTRAL_RANGE));
  let x = y;
  ties = i64x2.splat(0);
  if (v128.any_true(central)) {
    const z = f32x4.mul(y, y);
    const zl = lo2(z);
    const zh = hi2(z);
    const num = join4(mad2(mad2(mad2(D(A3), zl, A2), zl, A1), zl, A0), mad2(mad2(mad2(D(A3), zh, A2), zh, A1), zh, A0));
    const dem = join4(mad2(mad2(mad2(mad2(D(B3), zl, B2), zl, B1), zl, B0), zl, 1), mad2(mad2(mad2(mad2(D(B3), zh, B2), zh, B1), zh, B0), zh, 1));
    x = f32x4.div(f32x4.mul(y, num), dem);
  }
  if (!i32x4.all_true(central)) {
    const t = f32x4.div(f32x4.sub(S(1), ay), S(2));
    const z = f32x4.sqrt(f32x4.neg(logf4(t)));
    const zl = lo2(z);
    const zh = hi2(z);
    const num = join4(mad2(mad2(mad2(D(C3), zl, C2), zl, C1), zl, C0), mad2(mad2(mad2(D(C3), zh, C2), zh, C1), zh, C0));
    const dem = join4(mad2(mad2(D(D1), zl, D0), zl, 1), mad2(mad2(D(D1), zh, D0), zh, 1));
    // copysign(num, y) / dem
    const signed = v128.or(v128.and(num, i32x4.splat(0x7fffffff)), v128.and(y, i32x4.splat(SIGN)));
    x = v128.bitselect(x, f32x4.div(signed, dem), central);
  }
  if (v128.any_true(ties)) return erfinvScalar4(y, K);
  const Kv = S(K);
  for (let step = 0; step < 2; step++) {
    const e = f32x4.mul(Kv, expf4(f32x4.mul(f32x4.neg(x), x)));
    x = f32x4.sub(x, f32x4.div(f32x4.sub(erff4(x), y), e));
  }
  return x;
}

/**
 * trunc_normal_ ≤ 2.11 after its uniform_, in place on buf[start..end):
 * clamp(fl32(fl32(erfinv(y)·scale) + mean), lo, hi) (PyTorch's erfinv_, mul_, add_, clamp_).
 * Elements are independent, so ranges can be split (e.g. across threads).
 */
export function truncInverseCdf32x4(buf: usize, start: i32, end: i32, K: f32, scale: f32, mean: f32, lo: f32, hi: f32): void {
  let p = buf + (<usize>start << 2);
  const stop4 = p + (<usize>((end - start) & ~3) << 2);
  for (; p < stop4; p += 16) {
    const x = f32x4.add(f32x4.mul(erfinv4(v128.load(p), K), S(scale)), S(mean));
    // clamp_: x < lo → lo, then x > hi → hi (NaN stays NaN)
    const c = v128.bitselect(S(lo), x, f32x4.lt(x, S(lo)));
    v128.store(p, v128.bitselect(S(hi), c, f32x4.gt(c, S(hi))));
  }
  for (const stop = buf + (<usize>end << 2); p < stop; p += 4) {
    let x = erfinvAten(load<f32>(p), K) * scale + mean;
    if (x < lo) x = lo;
    if (x > hi) x = hi;
    store<f32>(p, x);
  }
}
