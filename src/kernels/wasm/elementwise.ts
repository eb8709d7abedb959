/**
 * The "wasm" backend's elementwise kernels (assembly/elementwise.ts, f32x4 / f64x2): copy the
 * operands into scratch above heapBase, run, copy the result back. The copies cost about as
 * much as the SIMD loops; the gain is over the scalar loops' per-element branches (relu's
 * sign test mispredicts on half of a layer's activations) and fmaf emulation.
 */
import type { Kernels } from "../types.js";
import { align16, type WasmRuntime } from "./runtime.js";

interface ElementwiseExports {
  reluForward(x: number, out: number, n: number): void;
  reluBackward(x: number, g: number, out: number, n: number): void;
  fmaAxpy(a: number, b: number, alpha: number, out: number, n: number): void;
}

type ElementwiseKernels = Pick<Kernels, "relu" | "reluBackward" | "fmaAxpy">;

/** Copies each input into scratch (16-aligned, one after the other) and returns their addresses and the output's. */
function stage(rt: WasmRuntime, inputs: Float32Array[], n: number): number[] {
  const ptrs: number[] = [];
  let p = rt.heapBase;
  for (let k = 0; k <= inputs.length; k++) {
    ptrs.push(p);
    p = align16(p + n * 4);
  }
  rt.ensure(p);
  const mem = rt.f32();
  inputs.forEach((x, k) => mem.set(x.subarray(0, n), ptrs[k]! >> 2));
  return ptrs;
}

function unstage(rt: WasmRuntime, ptr: number, out: Float32Array, n: number): void {
  out.set(rt.f32().subarray(ptr >> 2, (ptr >> 2) + n));
}

export function makeElementwise(rt: WasmRuntime): ElementwiseKernels {
  const w = rt.exports as unknown as ElementwiseExports;
  return {
    relu(x, out) {
      const n = out.length;
      const [px, po] = stage(rt, [x], n) as [number, number];
      w.reluForward(px, po, n);
      unstage(rt, po, out, n);
    },
    reluBackward(x, g, out) {
      const n = out.length;
      const [px, pg, po] = stage(rt, [x, g], n) as [number, number, number];
      w.reluBackward(px, pg, po, n);
      unstage(rt, po, out, n);
    },
    fmaAxpy(a, b, alpha, out) {
      const n = out.length;
      const [pa, pb, po] = stage(rt, [a, b], n) as [number, number, number];
      w.fmaAxpy(pa, pb, alpha, po, n);
      unstage(rt, po, out, n);
    },
  };
}
