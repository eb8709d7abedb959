/**
 * The "wasm" backend's elementwise kernels (assembly/elementwise.ts, f32x4 / f64x2): resident
 * operands (./storage.ts) are used in place; others are copied into scratch above heapBase and
 * the result copied back. Such copies cost about as much as the SIMD loops; the gain is over the scalar loops' per-element branches (relu's
 * sign test mispredicts on half of a layer's activations) and fmaf emulation. fmaAxpy (the SGD
 * update) is split across the worker pool when a parameter has at least PARALLEL_MIN_ELEMENTS
 * elements (./pool.ts).
 */
import type { Kernels } from "../types.js";
import { parallelCall } from "./pool.js";
import { align16, type WasmRuntime } from "./runtime.js";
import { stage, unstage } from "./stage.js";

interface ElementwiseExports {
  reluForward(x: number, out: number, n: number): void;
  reluBackward(x: number, g: number, out: number, n: number): void;
  sumRows64(g: number, rows: number, cols: number, acc: number, out: number): void;
}

type ElementwiseKernels = Pick<Kernels, "relu" | "reluBackward" | "fmaAxpy" | "sumRows">;

const f32bits = new Float32Array(1);
const i32bits = new Int32Array(f32bits.buffer);
/** The bits of a float32 value, for the pool's int32 argument words. */
function alphaBits(alpha: number): number {
  f32bits[0] = alpha;
  return i32bits[0]!;
}

export function makeElementwise(rt: WasmRuntime): ElementwiseKernels {
  const w = rt.exports as unknown as ElementwiseExports;
  return {
    relu(x, out) {
      const n = out.length;
      const [px, po] = stage(rt, [x, out], 1, n) as [number, number];
      w.reluForward(px, po, n);
      unstage(rt, [out], [po], n);
    },
    reluBackward(x, g, out) {
      const n = out.length;
      const [px, pg, po] = stage(rt, [x, g, out], 2, n) as [number, number, number];
      w.reluBackward(px, pg, po, n);
      unstage(rt, [out], [po], n);
    },
    sumRows(g, rows, cols, out) {
      // g (often a transient gradient) and out (often a recycled .grad) where they live;
      // otherwise copied in / out. The binary64 sums need cols × 8 bytes of scratch.
      const n = rows * cols;
      let p = rt.heapBase;
      const gIn = rt.storage.isResident(g);
      const gPtr = gIn ? g.byteOffset : p;
      if (!gIn) p = align16(p + n * 4);
      const acc = p;
      p = align16(p + cols * 8);
      const outIn = rt.storage.isResident(out);
      const oPtr = outIn ? out.byteOffset : p;
      if (!outIn) p = align16(p + cols * 4);
      rt.ensure(p);
      if (!gIn) rt.f32().set(g.subarray(0, n), gPtr >> 2);
      w.sumRows64(gPtr, rows, cols, acc, oPtr);
      if (!outIn) out.set(rt.f32().subarray(oPtr >> 2, (oPtr >> 2) + cols));
    },
    fmaAxpy(a, b, alpha, out) {
      const n = out.length;
      const [pa, pb, po] = stage(rt, [a, b, out], 2, n) as [number, number, number];
      // Every SGD update: split over threads when the parameter is large (each element is
      // independent, so any split gives the same bits).
      const bits = alphaBits(alpha);
      parallelCall(rt, "fmaAxpyBits", n, n, (lo, hi) => [pa + 4 * lo, pb + 4 * lo, bits, po + 4 * lo, hi - lo]);
      unstage(rt, [out], [po], n);
    },
  };
}
