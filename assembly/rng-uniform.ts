// float32 `uniform_(from, to)` transforms (spec §2), in place over tempered MT19937 words
// (assembly/rng-mt.ts `mtDraw`): word w becomes fl32(x·range + from) with x = (w & 0xFFFFFF)·2^-24,
// one rounding, as PyTorch's contracted `x*(to-from)+from` (an FMA on its AVX2 build).
// The host (src/kernels/wasm/rng.ts) picks the path per call the way src/random/uniform.ts does:
// - `uniformAffine32` when every binary64 sum k·scale + add is exact (`sumIsExact`): then
//   demoting it to binary32 IS the single rounding (covers rand(), symmetric kaiming/xavier bounds);
// - `uniformFma32` otherwise: the same sum, with the double-rounding tie check of fma32.
// Both then map a result equal to `to32` to `from32` (PyTorch 2.x); the host passes NaN for
// `to32` when that cannot or must not happen. Elements are independent, so [start, end) ranges
// of one buffer may be transformed separately (e.g. by worker threads).
// Relaxed build (assembly/relaxed.ts): both are f32x4.relaxed_madd(x, range, from) on four
// lanes, x = k·2^-24 exact in binary32. For `uniformAffine32`, range = scale·2^24 (exact: the
// host passes scale = range·2^-24 of a binary32 range) and from = add; the fused result is the
// single rounding of the same exact x·range + from = k·scale + add, so both paths agree.

import { fma32s, join4, tieMask2 } from "./rng-fma";
import { RELAXED } from "./relaxed";

const LOW24: i32 = 0xffffff;

/** Lanes 0,1 and 2,3 of the 24-bit integers k = w & 0xFFFFFF, as binary64. */
@inline function klo(w: v128): v128 {
  return f64x2.convert_low_i32x4_s(v128.and(w, i32x4.splat(LOW24)));
}
@inline function khi(w: v128): v128 {
  return f64x2.convert_low_i32x4_s(i32x4.shuffle(v128.and(w, i32x4.splat(LOW24)), w, 2, 3, 2, 3));
}

/** x = k·2^-24 for the 24-bit k = w & 0xFFFFFF of four words: exact in binary32. */
@inline function x4(w: v128): v128 {
  return f32x4.mul(f32x4.convert_i32x4_s(v128.and(w, i32x4.splat(LOW24))), f32x4.splat(5.9604644775390625e-8));
}

/** Relaxed build: buf[start..end) = fma32(x, range, from) (binary32 range and from), remapped. */
@inline function uniformMadd32(buf: usize, start: i32, end: i32, range: f32, from: f32, to32: f32, from32: f32): void {
  const rv = f32x4.splat(range);
  const fv = f32x4.splat(from);
  let p = buf + (<usize>start << 2);
  const stop4 = p + (<usize>((end - start) & ~3) << 2);
  for (; p < stop4; p += 16) {
    v128.store(p, remap4(f32x4.relaxed_madd(x4(v128.load(p)), rv, fv), to32, from32));
  }
  const stop = buf + (<usize>end << 2);
  for (; p < stop; p += 4) {
    const v = f32x4.extract_lane(f32x4.relaxed_madd(x4(v128.load32_zero(p)), rv, fv), 0);
    store<f32>(p, v == to32 ? from32 : v);
  }
}

/** `to32` → `from32` on four lanes (a NaN `to32` never matches). */
@inline function remap4(v: v128, to32: f32, from32: f32): v128 {
  return v128.bitselect(f32x4.splat(from32), v, f32x4.eq(v, f32x4.splat(to32)));
}

/** buf[start..end): fl32((w & 0xFFFFFF)·scale + add), requiring every such binary64 sum to be exact. */
export function uniformAffine32(buf: usize, start: i32, end: i32, scale: f64, add: f64, to32: f32, from32: f32): void {
  if (RELAXED) {
    uniformMadd32(buf, start, end, <f32>(scale * 16777216.0), <f32>add, to32, from32);
    return;
  }
  const sv = f64x2.splat(scale);
  const av = f64x2.splat(add);
  let p = buf + (<usize>start << 2);
  const stop4 = p + (<usize>((end - start) & ~3) << 2);
  for (; p < stop4; p += 16) {
    const w = v128.load(p);
    const r = join4(f64x2.add(f64x2.mul(klo(w), sv), av), f64x2.add(f64x2.mul(khi(w), sv), av));
    v128.store(p, remap4(r, to32, from32));
  }
  const stop = buf + (<usize>end << 2);
  for (; p < stop; p += 4) {
    const v = <f32>(<f64>(load<i32>(p) & LOW24) * scale + add);
    store<f32>(p, v == to32 ? from32 : v);
  }
}

/** buf[start..end): fma32(x, range, from) for x = (w & 0xFFFFFF)·2^-24, any finite range ≥ 0 and from. */
export function uniformFma32(buf: usize, start: i32, end: i32, range: f64, from: f64, to32: f32, from32: f32): void {
  if (RELAXED) {
    uniformMadd32(buf, start, end, <f32>range, <f32>from, to32, from32);
    return;
  }
  const scale = range * 5.9604644775390625e-8; // range·2^-24, exact: then k·scale = x·range exactly
  const sv = f64x2.splat(scale);
  const fv = f64x2.splat(from);
  let p = buf + (<usize>start << 2);
  const stop4 = p + (<usize>((end - start) & ~3) << 2);
  for (; p < stop4; p += 16) {
    const w = v128.load(p);
    const slo = f64x2.add(f64x2.mul(klo(w), sv), fv);
    const shi = f64x2.add(f64x2.mul(khi(w), sv), fv);
    let r = join4(slo, shi);
    if (v128.any_true(v128.or(tieMask2(slo), tieMask2(shi)))) {
      r = f32x4.replace_lane(r, 0, fma32s(<f64>(i32x4.extract_lane(w, 0) & LOW24) * 5.9604644775390625e-8, range, from));
      r = f32x4.replace_lane(r, 1, fma32s(<f64>(i32x4.extract_lane(w, 1) & LOW24) * 5.9604644775390625e-8, range, from));
      r = f32x4.replace_lane(r, 2, fma32s(<f64>(i32x4.extract_lane(w, 2) & LOW24) * 5.9604644775390625e-8, range, from));
      r = f32x4.replace_lane(r, 3, fma32s(<f64>(i32x4.extract_lane(w, 3) & LOW24) * 5.9604644775390625e-8, range, from));
    }
    v128.store(p, remap4(r, to32, from32));
  }
  const stop = buf + (<usize>end << 2);
  for (; p < stop; p += 4) {
    const v = fma32s(<f64>(load<i32>(p) & LOW24) * 5.9604644775390625e-8, range, from);
    store<f32>(p, v == to32 ? from32 : v);
  }
}
