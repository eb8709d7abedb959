/**
 * The ATen pointwise kernels that PyTorch's single-tensor ("for-loop", `foreach=False`)
 * optimisers call, one function per kernel, each rounding exactly where the CPU kernel does.
 *
 * A Python float hyper-parameter passed to a float32 kernel is first converted to float32
 * (`Scalar::to<float>()`), so every `s` below is `round(s)` before it meets the data.
 * PyTorch's x86-64 builds compile these kernels with GCC's default `-ffp-contract=fast`,
 * so where the C++ reads `a + b*c` the machine computes one FMA (also in the scalar tail
 * loop). Each rounding below was checked element by element against 1.13.1 (AVX2) and
 * 2.13.0 (AVX-512) on 1037-element tensors (vector loop and scalar tail), and the
 * optim.json trajectories (test/optim-fixtures.test.ts) depend on every one of them.
 *
 * Each function writes into `out` and returns it; `out` may alias an input (an in-place op,
 * `a.add_(b)`) or be fresh (`emptyLike(a)`, an out-of-place op, `a.add(b)`).
 */
import { kernels } from "../kernels/index.js";
import { fma32, fma64 } from "../math/fma.js";
import type { FloatDType } from "../tensor/dtype.js";

export type FloatData = Float32Array | Float64Array;

/** A zeroed array of the same type and length as `a`. */
export function emptyLike(a: FloatData): FloatData {
  return a instanceof Float32Array ? new Float32Array(a.length) : new Float64Array(a.length);
}

/** How one dtype rounds: a plain op, and a fused multiply-add. */
export interface Precision {
  round(x: number): number;
  fma(a: number, b: number, c: number): number;
}

const FLOAT32: Precision = { round: Math.fround, fma: fma32 };
const FLOAT64: Precision = { round: (x) => x, fma: fma64 };

export function precisionOf(dtype: FloatDType): Precision {
  return dtype === "float32" ? FLOAT32 : FLOAT64;
}

/**
 * `torch.add(a, b, alpha=s)`: `a + s*b` with one rounding. ATen's ufunc `add` is
 * `vec::fmadd(b, alpha, a)` on vectors and `a + alpha*b` (contracted) on the tail.
 */
export function add(P: Precision, out: FloatData, a: FloatData, b: FloatData, s: number): FloatData {
  const alpha = P.round(s);
  // float32: the kernels' fmaf (wasm f64x2, or fma32's inlined fast path), every SGD update.
  if (P === FLOAT32) {
    kernels().fmaAxpy(a as Float32Array, b as Float32Array, alpha, out as Float32Array);
    return out;
  }
  for (let i = 0; i < out.length; i++) out[i] = P.fma(alpha, b[i]!, a[i]!);
  return out;
}

/** `torch.add(a, s)` with a scalar: `a + s`, one rounding. */
export function addScalar(P: Precision, out: FloatData, a: FloatData, s: number): FloatData {
  const v = P.round(s);
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + v; // the typed array rounds on store
  return out;
}

/** `torch.mul(a, s)` with a scalar. */
export function mulScalar(P: Precision, out: FloatData, a: FloatData, s: number): FloatData {
  const v = P.round(s);
  for (let i = 0; i < out.length; i++) out[i] = a[i]! * v;
  return out;
}

/** `torch.div(a, s)` with a scalar: a true division, not a multiplication by 1/s. */
export function divScalar(P: Precision, out: FloatData, a: FloatData, s: number): FloatData {
  const v = P.round(s);
  for (let i = 0; i < out.length; i++) out[i] = a[i]! / v;
  return out;
}

/**
 * `torch.addcmul(a, t1, t2, value=s)`: ATen computes `a + s*t1*t2`, which GCC contracts
 * into `fma(round(s*t1), t2, a)`.
 */
export function addcmul(P: Precision, out: FloatData, a: FloatData, t1: FloatData, t2: FloatData, s: number): FloatData {
  const v = P.round(s);
  for (let i = 0; i < out.length; i++) out[i] = P.fma(P.round(v * t1[i]!), t2[i]!, a[i]!);
  return out;
}

/** `torch.addcdiv(a, t1, t2, value=s)`: `a + (s*t1)/t2`, three roundings (a division cannot fuse). */
export function addcdiv(P: Precision, out: FloatData, a: FloatData, t1: FloatData, t2: FloatData, s: number): FloatData {
  const v = P.round(s);
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + P.round(P.round(v * t1[i]!) / t2[i]!);
  return out;
}

/**
 * `torch.lerp(a, b, w)` with a scalar weight (ATen `lerp` in Lerp.h): for |w| < 0.5,
 * `fma(w, b − a, a)`; otherwise `fma(w − 1, b − a, b)`, which stays exact at w = 1.
 */
export function lerpScalar(P: Precision, out: FloatData, a: FloatData, b: FloatData, w: number): FloatData {
  const weight = P.round(w);
  if (Math.abs(weight) < 0.5) {
    for (let i = 0; i < out.length; i++) out[i] = P.fma(weight, P.round(b[i]! - a[i]!), a[i]!);
  } else {
    const coeff = P.round(weight - 1);
    for (let i = 0; i < out.length; i++) out[i] = P.fma(coeff, P.round(b[i]! - a[i]!), b[i]!);
  }
  return out;
}

/**
 * `torch.sqrt`, correctly rounded, as ATen's own kernel computes it (1.13.1 from Debian:
 * bit for bit). The x86-64 pip wheels hand it to MKL's `vmsSqrt`/`vmdSqrt` instead, whose
 * kernel is chosen per CPU and is not always correctly rounded: on an AMD Zen CPU it is
 * `rsqrtps` plus a Newton step in float32, one ulp off for ~17% of inputs. That is the
 * only source of difference from those builds (scripts/fixtures/gen_optim.py records it).
 */
export function sqrt(out: FloatData, a: FloatData): FloatData {
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(a[i]!);
  return out;
}

/** `torch.maximum(a, b)`: NaN if either is NaN. */
export function maximum(out: FloatData, a: FloatData, b: FloatData): FloatData {
  for (let i = 0; i < out.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    out[i] = x !== x || y !== y ? NaN : x > y ? x : y;
  }
  return out;
}

/** `torch.neg`. */
export function neg(out: FloatData, a: FloatData): FloatData {
  for (let i = 0; i < out.length; i++) out[i] = -a[i]!;
  return out;
}
