// The two builds of this module (scripts/build-wasm.mjs): dist/kernels/nninit.wasm (SIMD only,
// runs on every Node ≥ 20) and dist/kernels/nninit-relaxed.wasm (also `--enable relaxed-simd`).
// asc's builtin constant ASC_FEATURE_RELAXED_SIMD is true only in the second, and asc folds
// `if (RELAXED) … else …` at compile time: each module contains one branch, the other is not
// even compiled (relaxed instructions cannot appear in the baseline module).
//
// In the relaxed build every FMA that PyTorch's GCC/AVX2 build fuses is a real
// f32x4/f64x2.relaxed_madd instead of its emulation; operations PyTorch does not fuse stay a
// multiply then an add. relaxed_madd(a, b, c) may legally be fused (one rounding of a·b + c) OR
// unfused (two roundings) depending on the hardware, so the host only uses this module after
// `relaxedProbe32`/`relaxedProbe64` prove, on this machine, that it is fused
// (src/kernels/wasm/runtime.ts). V8 picks the instruction once per CPU (vfmadd* with FMA3, else
// mul + add), so the probe's answer holds for every later call, on every thread.

/** True in nninit-relaxed.wasm, false in nninit.wasm (a compile-time constant). */
export const RELAXED: bool = ASC_FEATURE_RELAXED_SIMD;

/**
 * relaxed_madd(a, b, c) on all four f32x4 lanes, returned as the minimum and maximum lane (a
 * lane that differs shows up). With a = 1 + 2^-23, c = −(1 + 2^-22) the exact a·a + c is 2^-46,
 * while fl32(a·a) = 1 + 2^-22 makes the unfused result 0. Returns NaN in the baseline build.
 * The operands are parameters so that the optimiser cannot fold the instruction.
 */
export function relaxedProbe32(a: f32, b: f32, c: f32): f32 {
  if (RELAXED) {
    const v = f32x4.relaxed_madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c));
    const lo = min(min(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), min(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
    const hi = max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
    return lo == hi ? lo : NaN;
  }
  return NaN;
}

/** The f64x2 probe: a = 1 + 2^-52, c = −(1 + 2^-51) gives 2^-104 fused, 0 unfused; NaN in the baseline build. */
export function relaxedProbe64(a: f64, b: f64, c: f64): f64 {
  if (RELAXED) {
    const v = f64x2.relaxed_madd(f64x2.splat(a), f64x2.splat(b), f64x2.splat(c));
    const l0 = f64x2.extract_lane(v, 0);
    return l0 == f64x2.extract_lane(v, 1) ? l0 : NaN;
  }
  return NaN;
}

/** fma(a, b, c) in binary32 by relaxed_madd (relaxed build only; the caller keeps the emulation for the other). */
@inline export function madd32(a: f32, b: f32, c: f32): f32 {
  return f32x4.extract_lane(f32x4.relaxed_madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
}

/** fma(a, b, c) in binary64 by relaxed_madd (relaxed build only). */
@inline export function madd64(a: f64, b: f64, c: f64): f64 {
  return f64x2.extract_lane(f64x2.relaxed_madd(f64x2.splat(a), f64x2.splat(b), f64x2.splat(c)), 0);
}
