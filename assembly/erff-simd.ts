// glibc `erff` (fdlibm s_erff.c) on four float32 lanes, bit for bit like assembly/erff.ts:
// every operation is the same binary32 operation, only run on f32x4. Each lane's branch is
// computed for the quad when any lane needs it, on inputs where the other lanes are replaced
// by a harmless value, and the lanes are selected. Negative x: fdlibm's `-ERXF - P/Q` and
// `r/ax - 1` are the negations of the positive results (round-to-nearest is symmetric), so
// the sign of x is copied onto them. Quads with a lane |x| < 2^-28, |x| ≥ 6, inf or NaN
// (rare) take the scalar port.

import {
  erff, ERXF, PP0F, PP1F, PP2F, PP3F, PP4F, QQ1F, QQ2F, QQ3F, QQ4F, QQ5F, PA0F, PA1F, PA2F, PA3F, PA4F, PA5F, PA6F,
  QA1F, QA2F, QA3F, QA4F, QA5F, QA6F, RA0F, RA1F, RA2F, RA3F, RA4F, RA5F, RA6F, RA7F, SA1F, SA2F, SA3F, SA4F, SA5F,
  SA6F, SA7F, SA8F, RB0F, RB1F, RB2F, RB3F, RB4F, RB5F, RB6F, SB1F, SB2F, SB3F, SB4F, SB5F, SB6F, SB7F,
} from "./erff";
import { expf4 } from "./libm32-simd";

@inline function S(c: f32): v128 {
  return f32x4.splat(c);
}
/** c + s·p, two binary32 roundings (fdlibm's Horner step). */
@inline function h(c: v128, s: v128, p: v128): v128 {
  return f32x4.add(c, f32x4.mul(s, p));
}
/** Per lane: a where m, else b. */
@inline function sel(m: v128, a: f32, b: f32): v128 {
  return v128.bitselect(S(a), S(b), m);
}

const SIGN: i32 = 0x80000000;

/** glibc `erff` on four lanes. */
export function erff4(x: v128): v128 {
  const ix = v128.and(x, i32x4.splat(0x7fffffff));
  if (v128.any_true(v128.or(i32x4.lt_s(ix, i32x4.splat(0x31800000)), i32x4.ge_s(ix, i32x4.splat(0x40c00000))))) {
    return f32x4(erff(f32x4.extract_lane(x, 0)), erff(f32x4.extract_lane(x, 1)), erff(f32x4.extract_lane(x, 2)), erff(f32x4.extract_lane(x, 3)));
  }
  const sign = v128.and(x, i32x4.splat(SIGN));
  const inA = i32x4.lt_s(ix, i32x4.splat(0x3f580000)); // |x| < 0.84375
  const inCD = i32x4.ge_s(ix, i32x4.splat(0x3fa00000)); // |x| ≥ 1.25
  const inB = v128.not(v128.or(inA, inCD));
  let res = x;
  if (v128.any_true(inA)) {
    const xa = v128.bitselect(x, S(0.5), inA);
    const z = f32x4.mul(xa, xa);
    const r = h(S(PP0F), z, h(S(PP1F), z, h(S(PP2F), z, h(S(PP3F), z, S(PP4F)))));
    const s = h(S(1), z, h(S(QQ1F), z, h(S(QQ2F), z, h(S(QQ3F), z, h(S(QQ4F), z, S(QQ5F))))));
    res = v128.bitselect(f32x4.add(xa, f32x4.mul(xa, f32x4.div(r, s))), res, inA);
  }
  if (v128.any_true(inB)) {
    const s = f32x4.sub(v128.bitselect(ix, S(1), inB), S(1));
    const P = h(S(PA0F), s, h(S(PA1F), s, h(S(PA2F), s, h(S(PA3F), s, h(S(PA4F), s, h(S(PA5F), s, S(PA6F)))))));
    const Q = h(S(1), s, h(S(QA1F), s, h(S(QA2F), s, h(S(QA3F), s, h(S(QA4F), s, h(S(QA5F), s, S(QA6F)))))));
    res = v128.bitselect(v128.xor(f32x4.add(S(ERXF), f32x4.div(P, Q)), sign), res, inB);
  }
  if (v128.any_true(inCD)) {
    // RA/SA below 1/0.35, RB/SB above; RB and SB are padded with a leading zero coefficient
    // (c + s·0 = c exactly, s > 0), so both run the same Horner chain.
    const ax = v128.bitselect(ix, S(2), inCD);
    const s = f32x4.div(S(1), f32x4.mul(ax, ax));
    const c = i32x4.lt_s(ix, i32x4.splat(0x4036db6e));
    const R = h(sel(c, RA0F, RB0F), s, h(sel(c, RA1F, RB1F), s, h(sel(c, RA2F, RB2F), s, h(sel(c, RA3F, RB3F), s,
      h(sel(c, RA4F, RB4F), s, h(sel(c, RA5F, RB5F), s, h(sel(c, RA6F, RB6F), s, sel(c, RA7F, 0))))))));
    const Sv = h(S(1), s, h(sel(c, SA1F, SB1F), s, h(sel(c, SA2F, SB2F), s, h(sel(c, SA3F, SB3F), s, h(sel(c, SA4F, SB4F), s,
      h(sel(c, SA5F, SB5F), s, h(sel(c, SA6F, SB6F), s, h(sel(c, SA7F, SB7F), s, sel(c, SA8F, 0)))))))));
    const z = v128.and(ax, i32x4.splat(0xfffff000));
    const e1 = expf4(f32x4.sub(f32x4.mul(f32x4.neg(z), z), S(0.5625)));
    const e2 = expf4(f32x4.add(f32x4.mul(f32x4.sub(z, ax), f32x4.add(z, ax)), f32x4.div(R, Sv)));
    const r = f32x4.mul(e1, e2);
    res = v128.bitselect(v128.xor(f32x4.sub(S(1), f32x4.div(r, ax)), sign), res, inCD);
  }
  return res;
}
