/**
 * The redraw rounds of `trunc_normal_`'s rejection sampler (PyTorch ≥ 2.12, spec §4.4): after
 * res = normal_(mean, std), while any value is outside [lo, hi]:
 *
 *   fresh = normal_(mean, std) over the whole tensor   (always numel draws, PyTorch's order)
 *   res   = where(res < lo | res > hi, fresh, res)
 *
 * The float32 WebAssembly kernels transform only the Box–Muller blocks that replace something
 * and, after the first round, visit only the indices still outside (src/kernels/wasm/rng.ts
 * `truncRedrawRounds32`); the TypeScript path fills `fresh` in full and merges, and is their oracle.
 */
import { wasmRng } from "../kernels/wasm/rng.js";
import type { Generator } from "./generator.js";
import { fillNormal, VECTORISED_NORMAL_MIN } from "./normal.js";

/** How many of `d` lie outside [lo, hi] (NaN never does). */
function countOutside(d: Float32Array | Float64Array, lo: number, hi: number): number {
  let left = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v < lo || v > hi) left++;
  }
  return left;
}

/**
 * Every redraw round, on res after its first normal_(mean, std) (lo and hi in res's dtype).
 * Returns the number of rounds drawn.
 */
export function redrawUntilInside(gen: Generator, res: Float32Array | Float64Array, mean: number, std: number, lo: number, hi: number): number {
  const wasm = res instanceof Float32Array && res.length >= VECTORISED_NORMAL_MIN ? wasmRng() : null;
  if (wasm) return wasm.truncRedrawRounds32(gen.engine, res as Float32Array, Math.fround(mean), Math.fround(std), lo, hi);
  let rounds = 0;
  let fresh: Float32Array | Float64Array | null = null;
  for (let left = countOutside(res, lo, hi); left > 0; rounds++) {
    fresh ??= new (res.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(res.length);
    left = redrawOutside(gen, res, fresh, mean, std, lo, hi);
  }
  return rounds;
}

/**
 * One round in TypeScript: draws a full normal_(mean, std) of res.length into `fresh` (scratch
 * of res's length and type) and replaces each res[i] outside [lo, hi] by its fresh value.
 * Returns how many values are still outside.
 */
function redrawOutside(
  gen: Generator,
  res: Float32Array | Float64Array,
  f: Float32Array | Float64Array,
  mean: number,
  std: number,
  lo: number,
  hi: number,
): number {
  fillNormal(gen, f, mean, std);
  let left = 0;
  for (let i = 0; i < res.length; i++) {
    let v = res[i]!;
    if (v < lo || v > hi) {
      v = f[i]!;
      res[i] = v;
      if (v < lo || v > hi) left++;
    }
  }
  return left;
}
