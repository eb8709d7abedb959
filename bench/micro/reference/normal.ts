// FROZEN REFERENCE copy of the original (pre-optimisation) implementation. Do not edit
// (only change: `transform16f32` is exported for bench/micro/exhaustive.mjs).
/**
 * `normal_(mean, std)` fills (spec §3). Two code paths, picked exactly as PyTorch picks them:
 *
 * - n ≥ 16 (contiguous): draw n uniforms, Box–Muller them in blocks of 16 where slot j
 *   gives the radius √(−2 ln(1 − u)) and slot j+8 the angle 2πu; if n % 16 ≠ 0, redraw the
 *   last 16 slots and transform them again (`normal_fill`). float32 uses the AVX2 Cephes
 *   polynomials; float64 uses double libm.
 * - n < 16: per element, the double-precision `at::normal_distribution<double>`, which
 *   caches its second (sine) value in the generator across calls.
 */
import { behaviour } from "./generator.js";
import { logCephes, sincosCephes, sincosOut } from "./cephes.js";
import { fma32, fma64 } from "./fma.js";
import type { Generator } from "./generator.js";
import { fillUnit32 } from "./uniform.js";

/** Below this many elements PyTorch uses the scalar path (`normal_kernel`). */
export const VECTORISED_NORMAL_MIN = 16;
/** fround(2π) = 0x40C90FDB, the AVX2 kernel's float constant. */
const TWO_PI_F = Math.fround(2 * Math.PI);
const TWO_PI = 2 * Math.PI;

/** `normal_fill_16_AVX2`: transforms d[j0..j0+15] in place. */
export function transform16f32(d: Float32Array, j0: number, mean32: number, std32: number): void {
  for (let j = j0; j < j0 + 8; j++) {
    const u1 = Math.fround(1 - d[j]!);
    const u2 = d[j + 8]!;
    const radius = Math.fround(Math.sqrt(Math.fround(-2 * logCephes(u1))));
    sincosCephes(Math.fround(TWO_PI_F * u2));
    d[j] = fma32(Math.fround(radius * sincosOut.cos), std32, mean32);
    d[j + 8] = fma32(Math.fround(radius * sincosOut.sin), std32, mean32);
  }
}

/** The vectorised float32 fill for n ≥ 16. */
export function fillNormalVec32(gen: Generator, out: Float32Array, mean: number, std: number): void {
  const n = out.length;
  const mean32 = Math.fround(mean);
  const std32 = Math.fround(std);
  fillUnit32(gen, out, 0, n);
  for (let i = 0; i + 16 <= n; i += 16) transform16f32(out, i, mean32, std32);
  if (n % 16 !== 0) {
    fillUnit32(gen, out, n - 16, 16); // overwrite the last 16 slots with fresh uniforms
    transform16f32(out, n - 16, mean32, std32);
  }
}

/** `normal_fill_16<double>`: the block transform in binary64 with a fused final step. */
function transform16f64(d: Float64Array, j0: number, mean: number, std: number): void {
  for (let j = j0; j < j0 + 8; j++) {
    const u1 = 1 - d[j]!;
    const u2 = d[j + 8]!;
    const radius = Math.sqrt(-2 * Math.log(u1));
    const theta = TWO_PI * u2;
    d[j] = fma64(radius * Math.cos(theta), std, mean);
    d[j + 8] = fma64(radius * Math.sin(theta), std, mean);
  }
}

/** The vectorised float64 fill for n ≥ 16 (two engine draws per uniform). */
export function fillNormalVec64(gen: Generator, out: Float64Array, mean: number, std: number): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = gen.random53();
  for (let i = 0; i + 16 <= n; i += 16) transform16f64(out, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = gen.random53();
    transform16f64(out, n - 16, mean, std);
  }
}

/**
 * One standard normal from `at::normal_distribution<double>`: the first uniform is the
 * angle and the second the radius (the reverse of the vectorised path); `cos` is returned
 * and `r·sin θ` is cached in the generator for its next call.
 */
export function scalarStandardNormal(gen: Generator): number {
  const cached = gen.nextDoubleNormal;
  if (cached !== null) {
    gen.nextDoubleNormal = null;
    return cached;
  }
  const u1 = gen.random53();
  const u2 = gen.random53();
  const r = Math.sqrt(-2 * (behaviour.scalarNormalLog1p() ? Math.log1p(-u2) : Math.log(1 - u2)));
  const theta = TWO_PI * u1;
  gen.nextDoubleNormal = r * Math.sin(theta);
  return r * Math.cos(theta);
}

/** The scalar path: per element, `fma(v, std, mean)` in double, then cast to the dtype. */
export function fillNormalScalar(gen: Generator, out: Float32Array | Float64Array, mean: number, std: number): void {
  for (let i = 0; i < out.length; i++) out[i] = fma64(scalarStandardNormal(gen), std, mean);
}

/** Dispatches like `normal_kernel`: vectorised for n ≥ 16, scalar below. */
export function fillNormal(gen: Generator, out: Float32Array | Float64Array, mean: number, std: number): void {
  if (out.length < VECTORISED_NORMAL_MIN) fillNormalScalar(gen, out, mean, std);
  else if (out instanceof Float32Array) fillNormalVec32(gen, out, mean, std);
  else fillNormalVec64(gen, out, mean, std);
}
