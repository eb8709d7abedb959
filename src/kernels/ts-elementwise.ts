/**
 * The plain-TypeScript elementwise kernels ("ts" backend): the reference the wasm ones
 * (assembly/elementwise.ts) must match bit for bit.
 */
import { fma32Tie } from "../math/fma.js";
import type { Kernels } from "./types.js";

export const reluTs: Kernels["relu"] = (x, out) => {
  for (let i = 0; i < out.length; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? v : 0;
  }
};

export const reluBackwardTs: Kernels["reluBackward"] = (x, g, out) => {
  for (let i = 0; i < out.length; i++) out[i] = x[i]! > 0 ? g[i]! : g[i]! * 0;
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
