/**
 * The "wasm" backend's optimiser updates (assembly/adam.ts, assembly/sgd.ts): one pass over a
 * parameter, its gradient and its state instead of the optimiser's several. Resident arrays
 * (./storage.ts: the parameter, and the state, which the optimisers allocate long-lived) are
 * used in place; any other is copied into scratch above heapBase and, if the update writes
 * it, copied back. Elements are independent, so a large parameter is split across the pool.
 */
import type { Kernels } from "../types.js";
import type { Callable } from "./control.js";
import { parallelCall } from "./pool.js";
import { align16, type WasmRuntime } from "./runtime.js";
import { stage, unstage } from "./stage.js";

/** The number of binary32 scalars assembly/adam.ts reads. */
export const ADAM_SCALARS = 9;
/** The number of binary32 scalars assembly/sgd.ts reads. */
export const SGD_SCALARS = 4;

/** The fused updates this module exports (none from a module built before them: the optimisers then take their pointwise path). */
export function makeOptim(rt: WasmRuntime): Pick<Kernels, "adam32" | "sgd32"> {
  const has = (fn: Callable) => typeof rt.exports[fn] === "function";
  /**
   * Runs `fn(…addresses of arrays, scalars, flags, lo, hi)` over the parameter's elements
   * (arrays[0]), every array read (./stage.ts; null: state the flags leave unused), the scalars
   * in scratch below them; copies back every staged array but `readOnly`.
   */
  function run(fn: Callable, arrays: (Float32Array | null)[], readOnly: Float32Array, scalars: Float32Array, count: number, flags: number): void {
    if (scalars.length !== count) throw new RangeError(`${fn}: ${scalars.length} scalars, expected ${count}`);
    const n = arrays[0]!.length;
    const scalarsAt = rt.heapBase;
    const ptrs = stage(rt, arrays, arrays.length, n, align16(scalarsAt + count * 4));
    rt.f32().set(scalars, scalarsAt >> 2);
    parallelCall(rt, fn, n, n, (lo, hi) => [...ptrs, scalarsAt, flags, lo, hi]);
    unstage(rt, arrays.map((a) => (a === readOnly ? null : a)), ptrs, n);
  }

  const kernels: Pick<Kernels, "adam32" | "sgd32"> = {};
  if (has("adam32")) {
    kernels.adam32 = (param, grad, m, v, vmax, flags, scalars) => run("adam32", [param, grad, m, v, vmax], grad, scalars, ADAM_SCALARS, flags);
  }
  if (has("sgd32")) {
    kernels.sgd32 = (param, grad, buf, flags, scalars) => run("sgd32", [param, grad, buf], grad, scalars, SGD_SCALARS, flags);
  }
  return kernels;
}
