/**
 * Deterministic test inputs in [-1, 1) from a small LCG (Numerical Recipes' constants), so
 * kernel tests get reproducible operands without touching nninit's own generator.
 */
function lcgFill<T extends Float32Array | Float64Array>(out: T, seed: number): T {
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** n float32 values. */
export function rand(n: number, seed: number): Float32Array {
  return lcgFill(new Float32Array(n), seed);
}

/** An m × n row-major float64 matrix (the same stream as `rand`, unrounded). */
export function lcgMatrix(m: number, n: number, seed: number): Float64Array {
  return lcgFill(new Float64Array(m * n), seed);
}
