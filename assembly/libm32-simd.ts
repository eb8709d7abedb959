// `expf` and `logf` on four float32 lanes: the certified fast paths of assembly/libm32-fast.ts
// (same reduction, same unfused polynomial, same margin, so the same proof), run on two f64x2
// halves. A lane whose input is special or whose result is not certified is recomputed by the
// exact scalar port (assembly/libm32.ts), so every lane equals glibc's fused result.
// Relaxed build (assembly/relaxed.ts): each half runs glibc's own algorithm with every fused
// step one f64x2.relaxed_madd (a binary64 FMA, as `__expf_fma`/`__logf_fma` do), so the result
// is glibc's exactly with no certification; only the special inputs take the scalar port.

import { expf, expfScale, logf, logfInvc, logfLogc, LOGF_A0, LOGF_A1, LOGF_A2, LOGF_LN2 } from "./libm32";
import { hi2, join4, lo2 } from "./rng-fma";
import { RELAXED } from "./relaxed";

const EXPF_H: f64 = 46.16624128818512; // hi29(0x1.71547652b82fep0·32): x·H exact for float32 x
const EXPF_L: f64 = 2.026170875524258e-8; // InvLn2N − H (24 bits): x·L exact
const EXPF_SHIFT: f64 = 6755399441055744.0;
const EXPF_C0: f64 = 0.0000016938359250920212;
const EXPF_C1: f64 = 0.00023459809789509004;
const EXPF_C2: f64 = 0.021660849396613134;
const MARGIN: f64 = 9.094947017729282e-13; // 2^-40
const R_SAFE: f64 = 0.5 - 9.5367431640625e-7; // 0.5 − 2^-20
const HI29: u64 = 0xffffffffff000000;
const EXPF_INVLN2N: f64 = 46.16624130844683; // 0x1.71547652b82fep0·N (assembly/libm32.ts)

/** Relaxed build: glibc `__expf_fma` on one f64x2 half, y·s before the final rounding. */
@inline function expfHalfFma(xd: v128): v128 {
  const kdShifted = f64x2.relaxed_madd(xd, f64x2.splat(EXPF_INVLN2N), f64x2.splat(EXPF_SHIFT));
  const kd = f64x2.sub(kdShifted, f64x2.splat(EXPF_SHIFT));
  const r = f64x2.relaxed_madd(xd, f64x2.splat(EXPF_INVLN2N), f64x2.neg(kd));
  const z = f64x2.relaxed_madd(r, f64x2.splat(EXPF_C0), f64x2.splat(EXPF_C1));
  const r2 = f64x2.mul(r, r);
  let y = f64x2.relaxed_madd(r, f64x2.splat(EXPF_C2), f64x2.splat(1));
  y = f64x2.relaxed_madd(z, r2, y);
  return f64x2.mul(y, scale2(kdShifted));
}

/** Relaxed build: glibc `__logf_fma` on one f64x2 half (z, k, table indices), before the final rounding. */
@inline function logfHalfFma(z: v128, kd: v128, i0: u32, i1: u32): v128 {
  const invc = f64x2.replace_lane(f64x2.splat(logfInvc(i0)), 1, logfInvc(i1));
  const logc = f64x2.replace_lane(f64x2.splat(logfLogc(i0)), 1, logfLogc(i1));
  const r = f64x2.relaxed_madd(z, invc, f64x2.splat(-1));
  const y0 = f64x2.relaxed_madd(kd, f64x2.splat(LOGF_LN2), logc);
  const r2 = f64x2.mul(r, r);
  let y = f64x2.relaxed_madd(r, f64x2.splat(LOGF_A1), f64x2.splat(LOGF_A2));
  y = f64x2.relaxed_madd(r2, f64x2.splat(LOGF_A0), y);
  return f64x2.relaxed_madd(r2, y, f64x2.add(r, y0));
}

/** Recomputes the lanes of `bad` with the scalar function `f`. */
@inline function patch(r: v128, x: v128, bad: v128, f: (v: f32) => f32): v128 {
  if (i32x4.extract_lane(bad, 0) != 0) r = f32x4.replace_lane(r, 0, f(f32x4.extract_lane(x, 0)));
  if (i32x4.extract_lane(bad, 1) != 0) r = f32x4.replace_lane(r, 1, f(f32x4.extract_lane(x, 1)));
  if (i32x4.extract_lane(bad, 2) != 0) r = f32x4.replace_lane(r, 2, f(f32x4.extract_lane(x, 2)));
  if (i32x4.extract_lane(bad, 3) != 0) r = f32x4.replace_lane(r, 3, f(f32x4.extract_lane(x, 3)));
  return r;
}

/** expf's scale 2^(ki/N) for both lanes of the shifted kd. */
@inline function scale2(ks: v128): v128 {
  return f64x2.replace_lane(f64x2.splat(expfScale(i64x2.extract_lane(ks, 0))), 1, expfScale(i64x2.extract_lane(ks, 1)));
}

/** V = y·s of expf for one f64x2 half (NaN where kd may not be glibc's). */
@inline function expfHalf(xd: v128): v128 {
  const ph = f64x2.mul(xd, f64x2.splat(EXPF_H));
  const ks = f64x2.add(ph, f64x2.splat(EXPF_SHIFT));
  const kd = f64x2.sub(ks, f64x2.splat(EXPF_SHIFT));
  const r = f64x2.add(f64x2.sub(ph, kd), f64x2.mul(xd, f64x2.splat(EXPF_L)));
  const z = f64x2.add(f64x2.mul(f64x2.splat(EXPF_C0), r), f64x2.splat(EXPF_C1));
  const r2 = f64x2.mul(r, r);
  let y = f64x2.add(f64x2.mul(f64x2.splat(EXPF_C2), r), f64x2.splat(1));
  y = f64x2.add(f64x2.mul(z, r2), y);
  const V = f64x2.mul(y, scale2(ks));
  // A lane with |r| ≥ R_SAFE may have the wrong kd: poison it so that certification fails.
  return v128.bitselect(V, f64x2.splat(NaN), f64x2.lt(f64x2.abs(r), f64x2.splat(R_SAFE)));
}

/** glibc `expf` on four lanes. */
export function expf4(x: v128): v128 {
  const special = i32x4.ge_u(v128.and(i32x4.shr_u(x, 20), i32x4.splat(0x7ff)), i32x4.splat(0x42b));
  if (RELAXED) {
    const a = join4(expfHalfFma(lo2(x)), expfHalfFma(hi2(x)));
    return v128.any_true(special) ? patch(a, x, special, expf) : a;
  }
  const Vl = expfHalf(lo2(x));
  const Vh = expfHalf(hi2(x));
  const El = f64x2.mul(Vl, f64x2.splat(MARGIN));
  const Eh = f64x2.mul(Vh, f64x2.splat(MARGIN));
  const a = join4(f64x2.sub(Vl, El), f64x2.sub(Vh, Eh));
  const b = join4(f64x2.add(Vl, El), f64x2.add(Vh, Eh));
  const bad = v128.or(special, v128.not(f32x4.eq(a, b))); // NaN never certifies
  return v128.any_true(bad) ? patch(a, x, bad, expf) : a;
}

/** logf's V and its error scale |V| + |k| for one half (z, k, i: that half's operands). */
@inline function logfHalf(z: v128, kd: v128, i0: u32, i1: u32): v128 {
  const invc = f64x2.replace_lane(f64x2.splat(logfInvc(i0)), 1, logfInvc(i1));
  const logc = f64x2.replace_lane(f64x2.splat(logfLogc(i0)), 1, logfLogc(i1));
  const H = v128.and(invc, i64x2.splat(HI29));
  const r = f64x2.add(f64x2.sub(f64x2.mul(z, H), f64x2.splat(1)), f64x2.mul(z, f64x2.sub(invc, H)));
  const y0 = f64x2.add(f64x2.mul(kd, f64x2.splat(LOGF_LN2)), logc);
  const r2 = f64x2.mul(r, r);
  let y = f64x2.add(f64x2.mul(f64x2.splat(LOGF_A1), r), f64x2.splat(LOGF_A2));
  y = f64x2.add(f64x2.mul(f64x2.splat(LOGF_A0), r2), y);
  return f64x2.add(f64x2.mul(y, r2), f64x2.add(r, y0));
}

/** glibc `logf` on four lanes. */
export function logf4(x: v128): v128 {
  const special = v128.or(
    i32x4.ge_u(i32x4.sub(x, i32x4.splat(0x00800000)), i32x4.splat(0x7f000000)),
    i32x4.eq(x, i32x4.splat(0x3f800000)),
  );
  const tmp = i32x4.sub(x, i32x4.splat(0x3f330000));
  const idx = v128.and(i32x4.shr_u(tmp, 19), i32x4.splat(15));
  const k = i32x4.shr_s(tmp, 23);
  const z = i32x4.sub(x, v128.and(tmp, i32x4.splat(0xff800000)));
  const kl = f64x2.convert_low_i32x4_s(k);
  const kh = f64x2.convert_low_i32x4_s(i32x4.shuffle(k, k, 2, 3, 2, 3));
  if (RELAXED) {
    const a = join4(
      logfHalfFma(lo2(z), kl, i32x4.extract_lane(idx, 0), i32x4.extract_lane(idx, 1)),
      logfHalfFma(hi2(z), kh, i32x4.extract_lane(idx, 2), i32x4.extract_lane(idx, 3)),
    );
    return v128.any_true(special) ? patch(a, x, special, logf) : a;
  }
  const Vl = logfHalf(lo2(z), kl, i32x4.extract_lane(idx, 0), i32x4.extract_lane(idx, 1));
  const Vh = logfHalf(hi2(z), kh, i32x4.extract_lane(idx, 2), i32x4.extract_lane(idx, 3));
  const El = f64x2.mul(f64x2.add(f64x2.abs(Vl), f64x2.abs(kl)), f64x2.splat(MARGIN));
  const Eh = f64x2.mul(f64x2.add(f64x2.abs(Vh), f64x2.abs(kh)), f64x2.splat(MARGIN));
  const a = join4(f64x2.sub(Vl, El), f64x2.sub(Vh, Eh));
  const b = join4(f64x2.add(Vl, El), f64x2.add(Vh, Eh));
  const bad = v128.or(special, v128.not(f32x4.eq(a, b)));
  return v128.any_true(bad) ? patch(a, x, bad, logf) : a;
}
