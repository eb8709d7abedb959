/**
 * Deterministic float32 test inputs in [-1, 1) from a small LCG (Numerical Recipes' constants),
 * so kernel tests get reproducible operands without touching nninit's own generator.
 */
export function rand(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}
