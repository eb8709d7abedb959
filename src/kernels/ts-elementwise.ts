/**
 * The plain-TypeScript elementwise kernels ("ts" backend): the reference the wasm ones
 * (assembly/elementwise.ts) must match bit for bit.
 */
import { fma32Tie } from "../math/fma.js";
import type { Kernels } from "./types.js";

/** PyTorch's relu: x < 0 ? 0 : x (NaN and −0 pass through). */
export const reluTs: Kernels["relu"] = (x, out) => {
  for (let i = 0; i < out.length; i++) {
    const v = x[i]!;
    out[i] = v < 0 ? 0 : v;
  }
};

/** PyTorch's threshold_backward(g, relu(x), 0): x ≤ 0 ? +0 : g. */
export const reluBackwardTs: Kernels["reluBackward"] = (x, g, out) => {
  for (let i = 0; i < out.length; i++) out[i] = x[i]! <= 0 ? 0 : g[i]!;
};

/** Kernels["sumRows"]: column sums in binary64, row by row, rounded once (Linear's bias gradient). */
export const sumRowsTs: Kernels["sumRows"] = (g, rows, cols, out) => {
  const acc = new Float64Array(cols);
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    for (let j = 0; j < cols; j++) acc[j] += g[base + j]!;
  }
  out.set(acc);
};

/** fmaf(alpha, b, a) with src/math/fma.ts's fma32 fast path inlined (this is every SGD update). */
export const fmaAxpyTs: Kernels["fmaAxpy"] = (a, b, alpha, out) => {
  for (let i = 0; i < out.length; i++) {
    const p = alpha * b[i]!;
    const c = a[i]!;
    const s = p + c;
    const r = Math.fround(s);
    if (r === s) {
      out[i] = r;
      continue;
    }
    const n = 2 * s - r;
    out[i] = Math.fround(n) !== n ? r : fma32Tie(p, c, s, r);
  }
};
