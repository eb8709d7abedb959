/**
 * The redraw round of `trunc_normal_`'s rejection sampler (PyTorch ≥ 2.12, spec §4.4):
 *
 *   fresh = normal_(mean, std) over the whole tensor   (always numel draws, PyTorch's order)
 *   res   = where(res < lo | res > hi, fresh, res)
 *
 * fused with counting the values still outside, so the loop needs no extra scan. The float32
 * WebAssembly kernel transforms only the Box–Muller blocks that hold an outside value
 * (assembly/trunc-redraw.ts); the TypeScript path fills `fresh` in full and merges.
 */
import { wasmRng } from "../kernels/wasm/rng.js";
import type { Generator } from "./generator.js";
import { fillNormal, VECTORISED_NORMAL_MIN } from "./normal.js";

/** How many of `d` lie outside [lo, hi] (NaN never does). */
export function countOutside(d: Float32Array | Float64Array, lo: number, hi: number): number {
  let left = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v < lo || v > hi) left++;
  }
  return left;
}

/**
 * One round: draws a full normal_(mean, std) of res.length and replaces each res[i] outside
 * [lo, hi] by its fresh value. `fresh()` gives scratch of res's length and type (asked for only
 * on the TypeScript path: the wasm one needs none). Returns how many values are still outside.
 */
export function redrawOutside(
  gen: Generator,
  res: Float32Array | Float64Array,
  fresh: () => Float32Array | Float64Array,
  mean: number,
  std: number,
  lo: number,
  hi: number,
): number {
  const redraw = res instanceof Float32Array && res.length >= VECTORISED_NORMAL_MIN ? wasmRng()?.truncRedraw32 : null;
  if (redraw) return redraw(gen.engine, res as Float32Array, Math.fround(mean), Math.fround(std), lo, hi);
  const f = fresh();
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
