/**
 * Where a WebAssembly kernel finds its float32 operands of n elements each: a resident array
 * (./storage.ts) where it lives, any other in scratch memory (16-aligned regions, one after the
 * other from `from`, by default heapBase), null at address 0 (an operand the kernel will not
 * touch). `stage` copies the first `inputs` of them in; `unstage` copies results back.
 */
import { align16, type WasmRuntime } from "./runtime.js";

/** The operands' addresses, in order; the memory has grown to hold the scratch, so views taken after this are valid. */
export function stage(rt: WasmRuntime, arrays: readonly (Float32Array | null)[], inputs: number, n: number, from = rt.heapBase): number[] {
  const res = rt.storage;
  let p = from;
  const ptrs = arrays.map((a) => {
    if (a === null) return 0;
    if (res.isResident(a)) return a.byteOffset;
    const at = p;
    p = align16(p + n * 4);
    return at;
  });
  rt.ensure(p);
  const mem = rt.f32();
  arrays.forEach((a, k) => {
    if (k < inputs && a !== null && !res.isResident(a)) mem.set(a.subarray(0, n), ptrs[k]! >> 2);
  });
  return ptrs;
}

/** Copies each staged (not resident, not null) array of `arrays` back from its address in `ptrs`. */
export function unstage(rt: WasmRuntime, arrays: readonly (Float32Array | null)[], ptrs: readonly number[], n: number): void {
  const res = rt.storage;
  const mem = rt.f32();
  arrays.forEach((a, k) => {
    if (a !== null && !res.isResident(a)) a.set(mem.subarray(ptrs[k]! >> 2, (ptrs[k]! >> 2) + n));
  });
}
