// Fast `expf`/`logf` that return exactly what glibc's fused versions (assembly/libm32.ts) do.
//
// glibc's `-fma` variants evaluate their polynomials in binary64 with every `a*b + c` fused,
// then round to float once. Emulating each binary64 FMA costs ~25 operations, so here:
// 1. the argument reduction is done EXACTLY without an FMA (split a constant so that every
//    product with a 24-bit float is exact: x·H with H of 29 bits, x·L with L of 24 bits);
// 2. the polynomial runs unfused, which moves the binary64 result V by far less than
//    E = 2^-40·(|V| + |k|) (the fused/unfused difference is a few binary64 ulps of the
//    terms, ≤ 2^-44 relative here — see the per-function notes);
// 3. the float result is certified: if fl32(V − E) = fl32(V + E), every value within E of V,
//    including glibc's, rounds to the same float (rounding is monotone). Otherwise, or for
//    the special inputs, the exact port decides. About 1 call in 2^15 falls back.
// bench/micro/exhaustive-libm32.mjs checks both against src/math/libm32.ts over their whole
// float domains.

// In the relaxed build (assembly/relaxed.ts) the exact port is cheap (fma64 is one instruction),
// so both functions simply call it.

import { expf, expfScale, logf, logfInvc, logfLogc, LOGF_A0, LOGF_A1, LOGF_A2, LOGF_LN2 } from "./libm32";
import { RELAXED } from "./relaxed";

const EXPF_INVLN2N: f64 = 46.16624130844683;
const EXPF_SHIFT: f64 = 6755399441055744.0;
const EXPF_C0: f64 = 0.0000016938359250920212;
const EXPF_C1: f64 = 0.00023459809789509004;
const EXPF_C2: f64 = 0.021660849396613134;
/** 2^-40: the certification margin (relative). */
const MARGIN: f64 = 9.094947017729282e-13;
/** 0.5 − 2^-20: below it |r|, the reduction's integer kd is certainly glibc's. */
const R_SAFE: f64 = 0.5 - 9.5367431640625e-7;

/** The top 29 significant bits of a double (its low 24 significand bits cleared). */
@inline function hi29(v: f64): f64 {
  return reinterpret<f64>(reinterpret<u64>(v) & 0xffffffffff000000);
}

/** fl32(V) if it is the same for every value within `err` of V, else NaN (caller falls back). */
@inline function certified(V: f64, err: f64): f32 {
  const a = <f32>(V - err);
  return a == <f32>(V + err) ? a : NaN;
}

/**
 * glibc `expf`. Reduction: x/ln2·N = kd + r with kd = round(x·InvLn2N) and
 * r = fma(InvLn2N, x, −kd). With H = hi29(InvLn2N), L = InvLn2N − H: x·H and x·L are exact,
 * x·H − kd is exact (|x·H| < 2^13, a multiple of ulp(x)·2^-23, within 0.5 + 2^-30 of kd), so
 * r = (x·H − kd) + x·L has the fused single rounding. kd = rint(x·H) is glibc's rint(x·InvLn2N)
 * unless a half-integer lies between them, which forces |r| ≥ R_SAFE. Polynomial: |r| ≤ ½, the
 * unfused steps differ from the fused ones by < 2^-50 relative in y ≈ 1.
 */
export function expfFast(x: f32): f32 {
  if (RELAXED) return expf(x);
  const ix = reinterpret<u32>(x);
  if (((ix >> 20) & 0x7ff) >= 0x42b) return expf(x); // |x| ≥ 88, inf, nan
  const xd = <f64>x;
  const H = hi29(EXPF_INVLN2N);
  const ph = xd * H;
  const kdShifted = ph + EXPF_SHIFT;
  const kd = kdShifted - EXPF_SHIFT;
  const r = (ph - kd) + xd * (EXPF_INVLN2N - H);
  if (Math.abs(r) >= R_SAFE) return expf(x);
  const s = expfScale(reinterpret<u64>(kdShifted));
  const z = EXPF_C0 * r + EXPF_C1;
  const r2 = r * r;
  let y = EXPF_C2 * r + 1;
  y = z * r2 + y;
  const V = y * s;
  const f = certified(V, V * MARGIN);
  return isNaN(f) ? expf(x) : f;
}

/**
 * glibc `logf` for positive normal x ≠ 1 (the rest: the exact port). log x = k·ln2 + log c + log(z/c),
 * r = fma(z, 1/c, −1) exact as (z·H − 1) + z·L (z·H ∈ [½, 2]: Sterbenz). y0 = k·ln2 + log c
 * unfused is within 2^-46·|k| of the fused one; the polynomial in |r| < 1/32 adds < 2^-50·|V|.
 */
export function logfFast(x: f32): f32 {
  if (RELAXED) return logf(x);
  const ix = reinterpret<u32>(x);
  if (ix == 0x3f800000 || ix - 0x00800000 >= 0x7f800000 - 0x00800000) return logf(x);
  const tmp = ix - 0x3f330000;
  const i = (tmp >> 19) & 15;
  const k = <i32>tmp >> 23;
  const z = <f64>reinterpret<f32>(ix - (tmp & 0xff800000));
  const invc = logfInvc(i);
  const H = hi29(invc);
  const r = (z * H - 1) + z * (invc - H);
  const kd = <f64>k;
  const y0 = kd * LOGF_LN2 + logfLogc(i);
  const r2 = r * r;
  let y = LOGF_A1 * r + LOGF_A2;
  y = LOGF_A0 * r2 + y;
  const V = y * r2 + (r + y0);
  const f = certified(V, (Math.abs(V) + Math.abs(kd)) * MARGIN);
  return isNaN(f) ? logf(x) : f;
}
