/**
 * The "wasm" backend's Adam/AdamW update (assembly/adam.ts): one pass over the parameter, its
 * gradient and its moments instead of the optimiser's eight. Resident arrays (./storage.ts: the
 * parameter, and the moments, which Adam allocates long-lived) are used in place; any other is
 * copied into scratch above heapBase and, if the update writes it, copied back. Elements are
 * independent, so a large parameter is split across the worker pool.
 */
import type { Kernels } from "../types.js";
import { parallelCall } from "./pool.js";
import { align16, type WasmRuntime } from "./runtime.js";

/** The number of binary32 scalars assembly/adam.ts reads. */
export const ADAM_SCALARS = 9;

export function makeAdam(rt: WasmRuntime): Required<Pick<Kernels, "adam32">> {
  return {
    adam32(param, grad, m, v, vmax, flags, scalars) {
      if (scalars.length !== ADAM_SCALARS) throw new RangeError(`adam32: ${scalars.length} scalars, expected ${ADAM_SCALARS}`);
      const n = param.length;
      const res = rt.storage;
      const arrays = vmax ? [param, grad, m, v, vmax] : [param, grad, m, v];
      let p = rt.heapBase;
      const scalarsAt = p;
      p = align16(p + ADAM_SCALARS * 4);
      const ptrs = arrays.map((a) => {
        if (res.isResident(a)) return a.byteOffset;
        const at = p;
        p = align16(p + n * 4);
        return at;
      });
      rt.ensure(p);
      const f32 = rt.f32();
      f32.set(scalars, scalarsAt >> 2);
      arrays.forEach((a, k) => {
        if (!res.isResident(a)) f32.set(a, ptrs[k]! >> 2);
      });
      const [pp, pg, pm, pv, pvmax = 0] = ptrs as [number, number, number, number, number?];
      parallelCall(rt, "adam32", n, n, (lo, hi) => [pp, pg, pm, pv, pvmax, scalarsAt, flags, lo, hi]);
      const out = rt.f32();
      arrays.forEach((a, k) => {
        if (a !== grad && !res.isResident(a)) a.set(out.subarray(ptrs[k]! >> 2, (ptrs[k]! >> 2) + n));
      });
    },
  };
}
