// FROZEN REFERENCE copy of the original (pre-optimisation) implementation. Do not edit.
/**
 * One lane of the Cephes-style `log256_ps` and `sincos256_ps` from
 * `aten/src/ATen/native/cpu/avx_mathfun.h`, in binary32, with the fused multiply-adds
 * that GCC's contraction produces in PyTorch's AVX2 build (spec §3.3). This is what
 * PyTorch's float32 `normal_` runs for tensors of 16 or more elements on x86-64.
 * Every `Math.fround(a*b)` below is a plain binary32 multiply; every `fma32` is a fused one.
 */
import { fma32 } from "./fma.js";

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

const MIN_NORM_POS = 2 ** -126;
const SQRTHF = Math.fround(0.707106781186547524);
const LOG_P0 = Math.fround(7.0376836292e-2);
const LOG_P1 = Math.fround(-1.1514610310e-1);
const LOG_P2 = Math.fround(1.1676998740e-1);
const LOG_P3 = Math.fround(-1.2420140846e-1);
const LOG_P4 = Math.fround(1.4249322787e-1);
const LOG_P5 = Math.fround(-1.6668057665e-1);
const LOG_P6 = Math.fround(2.0000714765e-1);
const LOG_P7 = Math.fround(-2.4999993993e-1);
const LOG_P8 = Math.fround(3.3333331174e-1);
/** ln 2 split as q2 + q1: q2 = 0.693359375 is exact in few bits, q1 the correction. */
const LOG_Q1 = Math.fround(-2.12194440e-4);
const LOG_Q2 = Math.fround(0.693359375);

/** `log256_ps` for one positive float32 lane (inputs here are in [2^-24, 1]). */
export function logCephes(xIn: number): number {
  f32[0] = xIn < MIN_NORM_POS ? MIN_NORM_POS : xIn;
  const bits = i32[0]!;
  let e = ((bits >>> 23) - 127) + 1; // exact small integer, so already a float32
  i32[0] = (bits & ~0x7f800000) | 0x3f000000; // mantissa scaled into [0.5, 1)
  const m = f32[0]!;
  let x: number;
  if (m < SQRTHF) {
    e -= 1;
    x = Math.fround(Math.fround(m - 1) + m);
  } else {
    x = Math.fround(m - 1);
  }
  const z = Math.fround(x * x);
  let y = LOG_P0;
  y = fma32(y, x, LOG_P1);
  y = fma32(y, x, LOG_P2);
  y = fma32(y, x, LOG_P3);
  y = fma32(y, x, LOG_P4);
  y = fma32(y, x, LOG_P5);
  y = fma32(y, x, LOG_P6);
  y = fma32(y, x, LOG_P7);
  y = fma32(y, x, LOG_P8);
  y = Math.fround(y * x);
  y = fma32(y, z, Math.fround(e * LOG_Q1));
  y = Math.fround(y - z * 0.5); // fma(-z, 0.5, y): z/2 is exact, so this is one rounding
  x = Math.fround(x + y);
  return fma32(e, LOG_Q2, x);
}

/** 4/π, for the octant of the argument. */
const FOPI = Math.fround(1.27323954473516);
/** π/4 split into three parts for Cody–Waite range reduction. */
const DP1 = Math.fround(-0.78515625);
const DP2 = Math.fround(-2.4187564849853515625e-4);
const DP3 = Math.fround(-3.77489497744594108e-8);
const COS_C0 = Math.fround(2.443315711809948e-5);
const COS_C1 = Math.fround(-1.388731625493765e-3);
const COS_C2 = Math.fround(4.166664568298827e-2);
const SIN_S0 = Math.fround(-1.9515295891e-4);
const SIN_S1 = Math.fround(8.3321608736e-3);
const SIN_S2 = Math.fround(-1.6666654611e-1);

/** Output slots of `sincosCephes`, reused to avoid allocating a pair per call. */
export const sincosOut = { sin: 0, cos: 0 };

/** `sincos256_ps` for one float32 lane with x in [0, 2π); writes `sincosOut`. */
export function sincosCephes(xIn: number): void {
  const negIn = xIn < 0;
  let x = Math.abs(xIn);
  let j = Math.trunc(Math.fround(x * FOPI));
  j = (j + 1) & ~1;
  const y = j; // small integer: exact in float32
  x = fma32(y, DP1, x);
  x = fma32(y, DP2, x);
  x = fma32(y, DP3, x);
  const sinNeg = negIn !== ((j & 4) !== 0);
  const cosNeg = (~(j - 2) & 4) !== 0;
  const swap = (j & 2) !== 0;
  const z = Math.fround(x * x);
  let yc = fma32(COS_C0, z, COS_C1);
  yc = fma32(yc, z, COS_C2);
  yc = Math.fround(yc * z);
  yc = fma32(yc, z, -Math.fround(z * 0.5));
  yc = Math.fround(yc + 1);
  let ys = fma32(SIN_S0, z, SIN_S1);
  ys = fma32(ys, z, SIN_S2);
  ys = Math.fround(ys * z);
  ys = fma32(ys, x, x);
  const s = swap ? yc : ys;
  const c = swap ? ys : yc;
  sincosOut.sin = sinNeg ? -s : s;
  sincosOut.cos = cosNeg ? -c : c;
}
