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
