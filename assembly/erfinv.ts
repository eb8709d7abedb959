// ATen's float `calc_erfinv` (aten/src/ATen/native/Math.h) as PyTorch's GCC/AVX2 build runs it,
// bit for bit: a port of `erfinvAten` in src/math/erfinv.ts (fused Horner steps, glibc
// `logf`/`expf`/`erff`, the first two through their certified fast paths), and the "1.13" trunc_normal_ transform built on it.

import { fma32s } from "./rng-fma";
import { RELAXED, madd32 } from "./relaxed";
import { erff } from "./erff";
import { expfFast, logfFast } from "./libm32-fast";

// Math.h's coefficients, `T(0.886226899)` etc.: double literals rounded to float.
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

/**
 * fmaf(a, b, c) for the Horner steps (GCC contracts `p*z + c`): a·b is exact in binary64, so
 * demoting s = fl64(a·b + c) is the fused result unless s is a binary32 midpoint (rng-fma.ts).
 */
@inline function mad(a: f32, b: f32, c: f32): f32 {
  if (RELAXED) return madd32(a, b, c); // the relaxed build: the hardware FMA (assembly/relaxed.ts)
  const s = <f64>a * <f64>b + <f64>c;
  const r = <f32>s;
  if (<f64>r == s) return r;
  const n = 2 * s - <f64>r;
  if (<f64><f32>n != n) return r;
  return fma32s(<f64>a, <f64>b, <f64>c);
}

/** calc_erfinv's starting value: the central (|y| ≤ 0.7) or tail rational approximation; |y| < 1 or NaN. */
export function erfinvStart(y: f32): f32 {
  const yAbs = Mathf.abs(y);
  if (yAbs <= CENTRAL_RANGE) {
    const z = y * y;
    const num = mad(mad(mad(A3, z, A2), z, A1), z, A0);
    const dem = mad(mad(mad(mad(B3, z, B2), z, B1), z, B0), z, 1);
    return (y * num) / dem;
  }
  const z = Mathf.sqrt(-logfFast((<f32>1 - yAbs) / <f32>2));
  const num = mad(mad(mad(C3, z, C2), z, C1), z, C0);
  const dem = mad(mad(D1, z, D0), z, 1);
  return copysign<f32>(num, y) / dem;
}

/** `calc_erfinv<float>(y)`; K is the Newton constant 2/√π of the PyTorch version (as a float). */
export function erfinvAten(y: f32, K: f32): f32 {
  const yAbs = Mathf.abs(y);
  if (yAbs > 1) return NaN;
  if (yAbs == 1) return y > 0 ? Infinity : -Infinity;
  let x = erfinvStart(y);
  // x = x − (erf(x) − y) / (K·exp(−x²)), twice, each operation one binary32 rounding.
  for (let step = 0; step < 2; step++) {
    const e = K * expfFast(-x * x);
    x = x - (erff(x) - y) / e;
  }
  return x;
}

/**
 * trunc_normal_ ≤ 2.11 after its uniform_: buf[start..end) = clamp(fl32(fl32(erfinv(y)·scale) + mean), lo, hi)
 * in place (PyTorch's erfinv_, mul_, add_, clamp_ on float32). Elements are independent.
 */
export function truncInverseCdf32(buf: usize, start: i32, end: i32, K: f32, scale: f32, mean: f32, lo: f32, hi: f32): void {
  for (let p = buf + (<usize>start << 2), stop = buf + (<usize>end << 2); p < stop; p += 4) {
    let x = erfinvAten(load<f32>(p), K) * scale + mean;
    if (x < lo) x = lo;
    if (x > hi) x = hi;
    store<f32>(p, x);
  }
}
